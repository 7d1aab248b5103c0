namespace Pilot.Server.Coordination;

/// <summary>
/// A background job that must run on one server at a time (the lease reaper, the provisioner): it runs for each term
/// this server leads and is cancelled when the term ends, then waits for the next.
/// </summary>
internal abstract class SingletonService(ILeadership leadership) : BackgroundService
{
    protected ILeadership Leadership => leadership;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var term = await leadership.WaitForTermAsync(stoppingToken);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            try
            {
                await LeadAsync(leading.Token);
                // No clock is read here: the wait lasts until the term or the server ends.
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, leading.Token);
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                // The term ended (or the server stops): the loop waits for the next one.
            }
        }
    }

    /// <summary>The job's work for one term; <paramref name="term"/> is cancelled when this server stops leading.</summary>
    protected abstract Task LeadAsync(CancellationToken term);
}
