namespace Pilot.Testing;

/// <summary>Starts a real <c>pilot agent</c> against a test server, with the server's pilot token.</summary>
public static class PilotAgentProcess
{
    public static PilotProcess Start(PilotServerProcess server, string workDirectory, int cores = 2, params string[] extra) =>
        Start(server, workDirectory, new Dictionary<string, string>(), cores, extra);

    /// <param name="environment">Extra variables for the agent, e.g. configuration as <c>Pilot__Agent__SiteRuntimes__0__Name</c>.</param>
    public static PilotProcess Start(PilotServerProcess server, string workDirectory, IReadOnlyDictionary<string, string> environment, int cores = 2, params string[] extra) =>
        PilotProcess.Start(Arguments(server, workDirectory, cores, extra), environment);

    /// <summary>The Native AOT <c>pilot-agent</c>, with the same options as <c>pilot agent</c>.</summary>
    public static PilotProcess StartNative(PilotServerProcess server, string workDirectory, int cores = 2, params string[] extra) =>
        PilotProcess.StartProgram(Executables.NativeAgent, Arguments(server, workDirectory, cores, extra).Skip(1));

    /// <summary>The <c>pilot</c> arguments of a test agent, also for starting one inside a batch job.</summary>
    public static string[] Arguments(PilotServerProcess server, string workDirectory, int cores = 2, params string[] extra) =>
        Arguments(server.Url, server.PilotToken, workDirectory, cores, extra);

    /// <summary>The arguments of a test agent that reaches its server at <paramref name="serverUrl"/>, e.g. through a load balancer.</summary>
    public static string[] Arguments(string serverUrl, string pilotToken, string workDirectory, int cores = 2, params string[] extra) =>
        [
            "agent", "--server", serverUrl, "--token", pilotToken, "--work-dir", workDirectory, "--cores", cores.ToString(),
            "--grace", "2s", "--lease-wait", "2s", "--heartbeat-interval", "1s", .. extra,
        ];
}
