using Pilot.Contracts;

namespace Pilot.Agent.Supervision;

/// <summary>Where an attempt's scratch lives on the node, and its removal.</summary>
internal static class AttemptScratch
{
    public static string PathOf(string workDirectory, LeasedJob job) =>
        Path.Combine(workDirectory, "attempts", $"{job.JobId}.{job.Attempt}");

    public static void Delete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A payload may leave read-only files; scratch lives under the pilot's work directory and goes with it.
        }
    }
}
