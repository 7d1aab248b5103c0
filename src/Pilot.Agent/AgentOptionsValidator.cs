using Microsoft.Extensions.Options;

namespace Pilot.Agent;

/// <summary>Checks <see cref="AgentOptions"/>'s attributes with code generated at build time, so validation needs no reflection.</summary>
[OptionsValidator]
internal sealed partial class AgentOptionsValidator : IValidateOptions<AgentOptions>;
