using Microsoft.Extensions.Options;

namespace Pilot.Agent.SiteCluster;

/// <summary>Checks <see cref="SiteClusterOptions"/>'s attributes with code generated at build time, so validation needs no reflection.</summary>
[OptionsValidator]
internal sealed partial class SiteClusterOptionsValidator : IValidateOptions<SiteClusterOptions>;
