namespace Pilot.Testing;

/// <summary>Starts a real <c>pilot agent</c> against a test server.</summary>
public static class PilotAgentProcess
{
    public static PilotProcess Start(string serverUrl, string workDirectory, int cores = 2, params string[] extra) =>
        PilotProcess.Start(
            [
                "agent", "--server", serverUrl, "--work-dir", workDirectory, "--cores", cores.ToString(),
                "--grace", "2s", "--lease-wait", "2s", "--heartbeat-interval", "1s", .. extra,
            ]);
}
