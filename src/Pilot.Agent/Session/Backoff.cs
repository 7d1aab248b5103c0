namespace Pilot.Agent.Session;

/// <summary>Jittered exponential backoff for the agent's loops, so many pilots do not retry in step.</summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, Random random)
{
    private int _failures;

    public void Reset() => _failures = 0;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 16);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + random.NextDouble() / 2));
    }

    public Task DelayAsync(TimeProvider time, CancellationToken cancellationToken) => Task.Delay(Next(), time, cancellationToken);
}
