using System.Text.Json;
using Microsoft.Extensions.Options;
using Pilot.Contracts;

namespace Pilot.Agent.Reporting;

/// <summary>
/// Attempt results on disk until the server has them. Written before the first send, removed after the server
/// accepts or refuses, so a result survives a server outage and an agent restart.
/// </summary>
internal sealed class ReportJournal(IOptions<AgentOptions> options)
{
    private string Directory => Path.Combine(options.Value.WorkDirectory, "journal");

    public void Save(string leaseId, AttemptReport report)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(leaseId);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(report, PilotJson.Options));
        File.Move(temporary, path, overwrite: true);
    }

    public void Remove(string leaseId) => File.Delete(PathOf(leaseId));

    public bool Contains(string leaseId) => File.Exists(PathOf(leaseId));

    public IReadOnlyList<(string LeaseId, AttemptReport Report)> Pending()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Select(path => (Path.GetFileNameWithoutExtension(path), JsonSerializer.Deserialize<AttemptReport>(File.ReadAllText(path), PilotJson.Options)!))
            .ToList();
    }

    private string PathOf(string leaseId) =>
        Path.Combine(Directory, Path.GetFileName(leaseId) + ".json");
}
