using Pilot.Contracts;

namespace Pilot.Bench.Comparison;

/// <summary>Cheap looks at the queue while a benchmark runs.</summary>
internal static class QueueProbe
{
    public static async Task<bool> AnyAsync(IPilotApi api, JobState state) =>
        (await api.ListJobsAsync(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(state.ToString()), limit: 1)).Jobs.Count > 0;

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, int everyMs = 50)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up after {timeout.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(everyMs);
        }
    }
}
