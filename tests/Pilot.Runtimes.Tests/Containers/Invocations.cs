using Pilot.Runtimes.Containers;

namespace Pilot.Runtimes.Tests.Containers;

/// <summary>The invocation every command-line test starts from: the scratch bound at its path, one read-only data bind.</summary>
internal static class Invocations
{
    public static ContainerInvocation Basic(string image) => new()
    {
        Image = image,
        Command = ["python3", "train.py", "--lr", "0.1"],
        WorkingDirectory = "/scratch/7.1/run",
        Binds = [new BindMount("/scratch/7.1", "/scratch/7.1", false), new BindMount("/data", "/input", true)],
        EnvironmentNames = ["CUDA_VISIBLE_DEVICES", "PILOT_JOB_ID", "PILOT_ATTEMPT_MARKER"],
    };
}
