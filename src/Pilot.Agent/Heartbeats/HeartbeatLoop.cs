using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Agent.Draining;
using Pilot.Agent.Monitoring;
using Pilot.Agent.Session;
using Pilot.Agent.Supervision;
using Pilot.Contracts;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Heartbeats;

/// <summary>Renews this pilot's leases every interval and carries out the orders that come back.</summary>
internal sealed class HeartbeatLoop(
    IPilotApi api,
    PilotSession session,
    PayloadSupervisor supervisor,
    DrainState drain,
    AgentMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    IOptions<AgentOptions> options,
    ILogger<HeartbeatLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await session.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(session.HeartbeatInterval, time, stoppingToken);
            await BeatAsync(stoppingToken);
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var heartbeat = new Heartbeat
        {
            Leases = supervisor.Leases,
            Free = session.Ledger.Free,
            Draining = drain.IsDraining,
            DrainReason = drain.Reason,
            NodeBroken = drain.NodeBroken,
            LostNodes = session.Ledger.LostNodes is { Count: > 0 } lost ? lost : null,
            RunningPayloads = supervisor.Count,
            WalltimeLeftSeconds = (long?)session.WalltimeLeft(time.GetUtcNow())?.TotalSeconds,
        };
        var started = time.GetTimestamp();
        try
        {
            var response = await api.HeartbeatAsync(session.PilotId, heartbeat, cancellationToken);
            metrics.Heartbeat(time.GetElapsedTime(started));
            foreach (var command in response.Commands)
            {
                Apply(command);
            }
        }
        catch (Exception e) when (ServerErrors.Is(e, HttpStatusCode.NotFound))
        {
            // The server declared this pilot lost: its leases are void and their jobs already requeued.
            metrics.HeartbeatFailed();
            Log.PilotForgotten(logger, session.PilotId);
            await supervisor.StopAllAsync(StopReason.Killed, TimeSpan.Zero);
            await session.RegisterAsync(cancellationToken);
        }
        catch (Exception e) when (ServerErrors.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            metrics.HeartbeatFailed();
            Log.ServerUnreachable(logger, "heartbeat", options.Value.Server, e.Message);
        }
    }

    private void Apply(PilotCommand command)
    {
        Log.CommandReceived(logger, command.Kind.ToString(), command.LeaseId ?? "", command.Reason);
        switch (command.Kind)
        {
            case PilotCommandKind.Kill when command.LeaseId is { } lease:
                supervisor.Stop(lease, StopReason.Killed, TimeSpan.Zero);
                break;
            case PilotCommandKind.SoftKill when command.LeaseId is { } lease:
                supervisor.Stop(lease, StopReason.Killed, command.GraceSeconds is { } grace ? TimeSpan.FromSeconds(grace) : options.Value.GracePeriod);
                break;
            case PilotCommandKind.Drain:
                drain.Begin($"the server asked: {command.Reason}");
                break;
            case PilotCommandKind.Shutdown:
                drain.Begin($"the server asked to shut down: {command.Reason}");
                lifetime.StopApplication();
                break;
        }
    }
}
