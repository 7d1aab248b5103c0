namespace Pilot.Agent.Draining;

/// <summary>Whether the pilot still takes work. Once draining, it never takes work again.</summary>
internal sealed class DrainState : IDisposable
{
    private readonly CancellationTokenSource _draining = new();

    public bool IsDraining => _draining.IsCancellationRequested;

    public string? Reason { get; private set; }

    /// <summary>Draining because the node looks broken.</summary>
    public bool NodeBroken { get; private set; }

    /// <summary>Cancelled when draining begins; cuts a waiting lease request short.</summary>
    public CancellationToken Token => _draining.Token;

    /// <summary>Starts draining; returns false when already draining.</summary>
    public bool Begin(string reason, bool nodeBroken = false)
    {
        lock (_draining)
        {
            if (IsDraining)
            {
                return false;
            }

            Reason = reason;
            NodeBroken = nodeBroken;
            _draining.Cancel();
            return true;
        }
    }

    public void Dispose() => _draining.Dispose();
}
