using Pilot.Contracts;
using Pilot.Runtimes;

namespace Pilot.Testing;

/// <summary>Attempt launches as the agent makes them, for runtimes under test.</summary>
public static class Launches
{
    public const string Scratch = "/scratch/attempts/7.1";

    public static PayloadLaunch For(RuntimeSpec runtime, string[] command, string scratch = Scratch, string? imageCache = null, IReadOnlyList<int>? gpus = null, string? workingDirectory = null) => new()
    {
        JobId = 7,
        LeaseId = "lease-7",
        Spec = new JobSpec { Command = command, Runtime = runtime, WorkingDirectory = workingDirectory },
        ScratchDirectory = scratch,
        Environment = new Dictionary<string, string> { ["PILOT_JOB_ID"] = "7", ["FOO"] = "bar" },
        Gpus = gpus ?? [],
        ImageCacheDirectory = imageCache,
    };
}
