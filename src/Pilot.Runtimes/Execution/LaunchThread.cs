using System.Collections.Concurrent;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// Starts payload processes from one thread that lives as long as the pilot. The kernel sends a child's
/// parent-death signal when the <em>thread</em> that forked it ends, and thread-pool threads retire when idle:
/// forking from them would kill healthy payloads.
/// </summary>
internal static class LaunchThread
{
    private static readonly BlockingCollection<Action> Work = Start();

    public static Task<T> RunAsync<T>(Func<T> start)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                done.SetResult(start());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private static BlockingCollection<Action> Start()
    {
        var work = new BlockingCollection<Action>();
        var thread = new Thread(() =>
        {
            foreach (var action in work.GetConsumingEnumerable())
            {
                action();
            }
        })
        {
            IsBackground = true,
            Name = "payload-launch",
        };
        thread.Start();
        return work;
    }
}
