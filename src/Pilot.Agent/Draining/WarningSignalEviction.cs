using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pilot.Agent.Draining;

/// <summary>
/// Leaves cleanly on the warning signal a site asks Slurm for (<c>#SBATCH --signal=B:USR1@120</c>): stop taking work
/// and evict what runs, so the jobs are requeued before the batch system's own kill.
/// </summary>
internal sealed class WarningSignalEviction(DrainState drain, IHostApplicationLifetime lifetime, ILogger<WarningSignalEviction> logger) : IHostedService, IDisposable
{
    /// <summary>SIGUSR1 on Linux; <see cref="PosixSignal"/> has no member for it.</summary>
    private const PosixSignal SigUsr1 = (PosixSignal)10;

    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(SigUsr1, context =>
        {
            context.Cancel = true;
            Log.SignalReceived(logger, "SIGUSR1");
            drain.Begin("the batch system's warning signal (SIGUSR1)");
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration?.Dispose();
}
