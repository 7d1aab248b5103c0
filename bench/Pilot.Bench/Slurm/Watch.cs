namespace Pilot.Bench.Slurm;

/// <summary>Polls a real system at a set interval until it reaches a state; the bound keeps a benchmark finite.</summary>
internal static class Watch
{
    public static async Task<T> ForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan every, TimeSpan within, string what, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var seen = await probe();
            if (done(seen))
            {
                return seen;
            }

            if (TimeProvider.System.GetElapsedTime(started) > within)
            {
                throw new TimeoutException($"gave up after {within.TotalSeconds:0} s waiting for {what}; last seen: {seen}");
            }

            await Task.Delay(every, cancellationToken);
        }
    }
}
