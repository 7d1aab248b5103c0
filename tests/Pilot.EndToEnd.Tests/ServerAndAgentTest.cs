using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary>A real server process and a real two-core agent process on loopback for every test, removed afterwards.</summary>
public abstract class ServerAndAgentTest
{
    private TemporaryDirectory _directory = null!;
    private PilotProcess _agent = null!;

    protected PilotServerProcess Server { get; private set; } = null!;

    [SetUp]
    public async Task StartServerAndAgentAsync()
    {
        _directory = new TemporaryDirectory();
        Server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
        _agent = PilotAgentProcess.Start(Server, _directory.Sub("agent"), cores: 2);
    }

    [TearDown]
    public async Task StopServerAndAgentAsync()
    {
        await _agent.DisposeAsync();
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
