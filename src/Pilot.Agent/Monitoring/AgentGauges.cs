using Pilot.Agent.Session;
using Pilot.Agent.Supervision;
using Prometheus;

namespace Pilot.Agent.Monitoring;

/// <summary>Gauges read from the pilot's live state at scrape time: payloads running, what is free, walltime left.</summary>
internal sealed class AgentGauges
{
    private readonly PilotSession _session;
    private readonly PayloadSupervisor _supervisor;
    private readonly TimeProvider _time;
    private readonly Gauge _running;
    private readonly Gauge _freeCores;
    private readonly Gauge _freeMemory;
    private readonly Gauge _freeGpus;
    private readonly Gauge _walltimeLeft;

    public AgentGauges(AgentMetrics metrics, PilotSession session, PayloadSupervisor supervisor, TimeProvider time)
    {
        (_session, _supervisor, _time) = (session, supervisor, time);
        var factory = metrics.Factory;
        _running = factory.CreateGauge("pilot_agent_payloads_running", "Payloads this pilot runs now.");
        _freeCores = factory.CreateGauge("pilot_agent_free_cores", "Cores this pilot has free.");
        _freeMemory = factory.CreateGauge("pilot_agent_free_memory_bytes", "Memory this pilot has free.");
        _freeGpus = factory.CreateGauge("pilot_agent_free_gpus", "GPUs this pilot has free.");
        _walltimeLeft = factory.CreateGauge(
            "pilot_agent_walltime_left_seconds", "Time until this pilot's allocation ends (absent without a deadline).", new GaugeConfiguration { SuppressInitialValue = true });
        metrics.Registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        _running.Set(_supervisor.Count);
        if (!_session.Ready.IsCompleted)
        {
            return;
        }

        var free = _session.Ledger.Free;
        _freeCores.Set(free.Cores);
        _freeMemory.Set(free.MemoryMb * 1024d * 1024d);
        _freeGpus.Set(free.Gpus);
        if (_session.WalltimeLeft(_time.GetUtcNow()) is { } left)
        {
            _walltimeLeft.Set(left.TotalSeconds);
        }
    }
}
