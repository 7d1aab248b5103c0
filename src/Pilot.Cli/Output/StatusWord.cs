using Pilot.Contracts;

namespace Pilot.Cli.Output;

/// <summary>
/// The one word a workflow engine's status hook answers (Snakemake's <c>--cluster-status</c>). A job Pilot still
/// retries (evicted, its pilot lost) is queued again, so it reads <c>running</c>; only a job Pilot gave up on reads <c>failed</c>.
/// </summary>
internal static class StatusWord
{
    public static string Of(JobState state) => state switch
    {
        JobState.Succeeded => "success",
        JobState.Failed or JobState.Cancelled => "failed",
        _ => "running",
    };
}
