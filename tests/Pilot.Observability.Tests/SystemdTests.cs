using System.Net.Sockets;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary>The units in systemd/ pass systemd's own checker, and the server pings the watchdog those units ask for.</summary>
[TestFixture]
public sealed class SystemdTests
{
    private static string UnitDirectory => Path.Combine(AppContext.BaseDirectory, "assets", "systemd");

    [TestCase("pilot-server.service")]
    [TestCase("pilot-agent.service")]
    public async Task Unit_VerifiedBySystemdAnalyze_HasNoProblems(string unit)
    {
        var analyze = Requirements.Command("systemd-analyze");
        using var directory = new TemporaryDirectory();
        // verify checks that ExecStart's program exists: point it at the pilot built next to the tests.
        var text = await File.ReadAllTextAsync(Path.Combine(UnitDirectory, unit));
        await File.WriteAllTextAsync(directory.Sub(unit), text.Replace("/usr/local/bin/pilot", PilotExecutable(), StringComparison.Ordinal));

        var result = await CliWrap.Cli.Wrap(analyze).WithArguments(["verify", directory.Sub(unit)])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutput + result.StandardError, Is.Empty, "systemd-analyze only warns (exit 0) about keys it ignores");
    }

    [Test]
    public void ServerUnit_AsksForNotifyAndAWatchdog()
    {
        var text = File.ReadAllText(Path.Combine(UnitDirectory, "pilot-server.service"));

        Assert.That(text, Does.Contain("\nType=notify\n").And.Contain("\nWatchdogSec="));
    }

    [Test]
    public async Task Server_GivenAWatchdogPeriod_PingsTheNotifySocket()
    {
        using var directory = new TemporaryDirectory();
        var socketPath = directory.Sub("notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        await using var server = await PilotServerProcess.StartAsync(
            directory.Sub("server"),
            environment: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "1000000" });
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var messages = new List<string>();
        try
        {
            while (messages.Count(m => m == "WATCHDOG=1") < 2)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                messages.Add(Encoding.UTF8.GetString(buffer, 0, read).Trim());
            }
        }
        catch (OperationCanceledException)
        {
            // Asserted below with what did arrive.
        }

        Assert.That(messages.Count(m => m == "WATCHDOG=1"), Is.GreaterThanOrEqualTo(2), string.Join(" | ", messages));
    }

    private static string PilotExecutable()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "pilot");
        return File.Exists(apphost) ? apphost : Executables.Dotnet;
    }
}
