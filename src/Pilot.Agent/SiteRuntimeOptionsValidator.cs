using Microsoft.Extensions.Options;

namespace Pilot.Agent;

/// <summary>Checks <see cref="SiteRuntimeOptions"/>'s attributes with code generated at build time, so validation needs no reflection.</summary>
[OptionsValidator]
internal sealed partial class SiteRuntimeOptionsValidator : IValidateOptions<SiteRuntimeOptions>;
