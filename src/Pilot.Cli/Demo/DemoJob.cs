using Pilot.Contracts;

namespace Pilot.Cli.Demo;

/// <summary>One demo payload and the state it is expected to end in.</summary>
internal sealed record DemoJob(JobSpec Spec, JobState Expected, bool CancelWhenRunning = false);
