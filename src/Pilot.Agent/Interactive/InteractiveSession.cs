using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Runtimes;

namespace Pilot.Agent.Interactive;

/// <summary>
/// An interactive attempt's session on this node: the service's secret in a file only the pilot's user may read, the
/// launch with Jupyter as the command (for <c>kind: jupyter</c>) and the variables telling the service where to listen,
/// and the tunnel to the server for as long as the attempt runs.
/// </summary>
internal sealed class InteractiveSession : IAsyncDisposable
{
    public const string JupyterSocket = "jupyter.sock";
    private const string TokenFileName = ".pilot-service-token";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _tunnel;

    private InteractiveSession(PayloadLaunch launch, TunnelClient tunnel)
    {
        Launch = launch;
        _tunnel = tunnel.RunAsync(_stop.Token);
    }

    /// <summary>The attempt's launch, changed for its service.</summary>
    public PayloadLaunch Launch { get; }

    /// <summary>Null for a job that is not interactive.</summary>
    public static InteractiveSession? Begin(LeasedJob job, PayloadLaunch launch, IOptions<AgentOptions> options, TimeProvider time, Random random, ILogger logger)
    {
        if (job.Spec.Interactive is not { } interactive)
        {
            return null;
        }

        var scratch = launch.ScratchDirectory;
        Directory.CreateDirectory(scratch);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var tokenFile = Path.Combine(scratch, TokenFileName);
        using (var file = new StreamWriter(tokenFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            file.Write(secret);
        }

        var jupyter = interactive.Kind == InteractiveSpec.JupyterKind;
        var socketName = jupyter ? JupyterSocket : interactive.Socket;
        var target = new ServiceTarget(socketName is null ? null : Path.Combine(scratch, socketName), interactive.Port);
        if (target.SocketPath is { Length: > ServiceTarget.MaxSocketPathLength } tooLong)
        {
            Log.ServiceSocketTooLong(logger, job.JobId, tooLong, ServiceTarget.MaxSocketPathLength);
        }

        var prefix = TunnelProtocol.ProxyPrefix(job.JobId);
        var environment = new Dictionary<string, string>(launch.Environment)
        {
            ["PILOT_SERVICE_TOKEN_FILE"] = tokenFile,
            ["PILOT_PROXY_PREFIX"] = prefix,
        };
        if (target.SocketPath is { } socketPath)
        {
            environment["PILOT_SERVICE_SOCKET"] = socketPath;
        }

        if (target.Port is { } port)
        {
            environment["PILOT_SERVICE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var spec = launch.Spec;
        if (jupyter)
        {
            var jupyterDirectory = Path.Combine(scratch, ".jupyter");
            JupyterLogin.WriteTo(jupyterDirectory);
            environment["JUPYTER_RUNTIME_DIR"] = jupyterDirectory;
            environment["PYTHONPATH"] = launch.Environment.GetValueOrDefault("PYTHONPATH") is { Length: > 0 } path ? $"{jupyterDirectory}:{path}" : jupyterDirectory;
            spec = spec with { Command = JupyterCommandLine.Build(target.SocketPath!, prefix, launch.WorkingDirectory, Environment.IsPrivilegedProcess) };
        }

        var settings = options.Value;
        var server = new TunnelEndpoint(new Uri(settings.Server), PilotAgentHost.TokenOf(settings));
        var tunnel = new TunnelClient(server, job, secret, target, time, random, logger);
        return new InteractiveSession(launch with { Spec = spec, Environment = environment }, tunnel);
    }

    /// <summary>Closes the tunnel: the attempt ended, so its session did.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _tunnel.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
