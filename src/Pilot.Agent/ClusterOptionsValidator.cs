using Microsoft.Extensions.Options;
using Pilot.Runtimes.Clusters;

namespace Pilot.Agent;

/// <summary>Checks <see cref="ClusterOptions"/>'s attributes with code generated at build time, so validation needs no reflection.</summary>
[OptionsValidator]
internal sealed partial class ClusterOptionsValidator : IValidateOptions<ClusterOptions>;
