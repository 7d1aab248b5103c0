using Pilot.Contracts;

namespace Pilot.Server.Provisioning;

/// <summary>The pilot batch jobs this server submitted and what Slurm last said about them.</summary>
internal sealed class ProvisionedPilots
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";

    private readonly Lock _gate = new();
    private readonly List<ProvisionedPilotView> _pilots = [];

    public IReadOnlyList<ProvisionedPilotView> All
    {
        get
        {
            lock (_gate)
            {
                return _pilots.ToList();
            }
        }
    }

    /// <summary>Pending or running in Slurm: what counts against the queue's cap.</summary>
    public IReadOnlyList<ProvisionedPilotView> Active(string queue)
    {
        lock (_gate)
        {
            return _pilots.Where(p => p.Queue == queue && p.State is Pending or Running).ToList();
        }
    }

    public void Add(ProvisionedPilotView pilot)
    {
        lock (_gate)
        {
            if (pilot.BatchJobId is null || _pilots.All(p => p.BatchJobId != pilot.BatchJobId))
            {
                _pilots.Add(pilot);
            }
        }
    }

    public void Update(string batchJobId, Func<ProvisionedPilotView, ProvisionedPilotView> change)
    {
        lock (_gate)
        {
            var index = _pilots.FindIndex(p => p.BatchJobId == batchJobId);
            if (index >= 0)
            {
                _pilots[index] = change(_pilots[index]);
            }
        }
    }
}
