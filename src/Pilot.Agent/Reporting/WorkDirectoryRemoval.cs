using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pilot.Agent.Reporting;

/// <summary>
/// With <c>--remove-work-dir</c> (a per-job directory nobody reuses, as <c>pilot sbatch</c> makes by default), a pilot
/// leaving with every result delivered removes its work directory; one with results the server never got keeps it
/// and says how to send them.
/// </summary>
internal sealed class WorkDirectoryRemoval(ReportJournal journal, IOptions<AgentOptions> options, ILogger<WorkDirectoryRemoval> logger)
{
    public void RemoveIfDelivered()
    {
        var settings = options.Value;
        if (!settings.RemoveWorkDirectory)
        {
            return;
        }

        var undelivered = journal.Count;
        if (undelivered > 0)
        {
            Log.WorkDirectoryKept(logger, settings.WorkDirectory, undelivered);
            return;
        }

        try
        {
            Directory.Delete(settings.WorkDirectory, recursive: true);
            Log.WorkDirectoryRemoved(logger, settings.WorkDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.WorkDirectoryNotRemoved(logger, settings.WorkDirectory, e.Message);
        }
    }
}
