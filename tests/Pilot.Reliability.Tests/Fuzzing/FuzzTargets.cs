namespace Pilot.Reliability.Tests.Fuzzing;

/// <summary>Real ids on the server under test, so that some fuzzed requests get past routing into the store.</summary>
internal sealed record FuzzTargets(IReadOnlyList<string> JobIds, IReadOnlyList<string> PilotIds, IReadOnlyList<string> LeaseIds);
