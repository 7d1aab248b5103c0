using Microsoft.Extensions.Time.Testing;

namespace Pilot.Agent.Tests.Session;

/// <summary>A fake clock that counts the timers made on it, so a test knows the code under test is waiting before it moves the clock.</summary>
internal sealed class CountingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero))
{
    private int _timers;

    public int Timers => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
