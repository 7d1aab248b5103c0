using System.Text.Json;
using Microsoft.Extensions.Options;
using Pilot.Contracts;

namespace Pilot.Agent.Supervision;

/// <summary>
/// One file per attempt while it runs, under the work directory. An agent killed outright cannot clean up; the next
/// agent on the same work directory finds these files, kills what the attempts left and tells the server.
/// </summary>
internal sealed class AttemptRecords(IOptions<AgentOptions> options)
{
    private string Directory => Path.Combine(options.Value.WorkDirectory, "running");

    public void Begin(LeasedJob job)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(PathOf(job.LeaseId), JsonSerializer.Serialize(job, PilotJson.Options));
    }

    public void End(string leaseId) => File.Delete(PathOf(leaseId));

    public IReadOnlyList<LeasedJob> Leftovers() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Read).OfType<LeasedJob>().ToList()
            : [];

    private static LeasedJob? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LeasedJob>(File.ReadAllText(path), PilotJson.Options);
        }
        catch (JsonException)
        {
            // Torn by the crash that left it: the server's reaper handles that attempt.
            File.Delete(path);
            return null;
        }
    }

    private string PathOf(string leaseId) => Path.Combine(Directory, Path.GetFileName(leaseId) + ".json");
}
