using Pilot.Testing;

namespace Pilot.Server.Tests;

/// <summary>A fresh in-process server for every test on the fixture's storage backend, its data removed afterwards.</summary>
public abstract class InProcessServerTest(StorageBackend backend)
{
    private TemporaryDirectory _directory = null!;

    private protected InProcessServer Server { get; private set; } = null!;

    [SetUp]
    public async Task StartServerAsync()
    {
        _directory = new TemporaryDirectory();
        Server = await InProcessServer.StartAsync(_directory.Path, backend);
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Stops the server and starts it again on the same data and clock.</summary>
    private protected async Task RestartServerAsync() => Server = await Server.RestartAsync();
}
