namespace Pilot.Agent.Draining;

/// <summary>Whether the pilot still takes work. Once draining, it never takes work again.</summary>
internal sealed class DrainState
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _begun = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDraining => _begun.Task.IsCompleted;

    public string? Reason { get; private set; }

    /// <summary>Draining because the node looks broken.</summary>
    public bool NodeBroken { get; private set; }

    /// <summary>Completes when draining begins; cuts a waiting lease request short.</summary>
    public Task Begun => _begun.Task;

    /// <summary>Starts draining; returns false when already draining.</summary>
    public bool Begin(string reason, bool nodeBroken = false)
    {
        lock (_gate)
        {
            if (IsDraining)
            {
                return false;
            }

            Reason = reason;
            NodeBroken = nodeBroken;
            _begun.TrySetResult();
            return true;
        }
    }
}
