namespace Pilot.Bench.Queue;

/// <summary>What a run measured: lease calls per second and their latency percentiles in milliseconds.</summary>
internal sealed record Latencies(double PerSecond, double P50, double P99)
{
    public static Latencies Of(IEnumerable<double> samples, TimeSpan elapsed)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0
            ? new Latencies(0, double.NaN, double.NaN)
            : new Latencies(sorted.Length / elapsed.TotalSeconds, At(sorted, 0.50), At(sorted, 0.99));
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
}
