using Pilot.Testing;

namespace Pilot.Agent.Tests.Allocation;

/// <summary>A directory standing in for Slurm's bin/: each command is a small real script with a recorded answer.</summary>
internal sealed class SlurmBin : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public string Path => _directory.Path;

    public SlurmBin With(string command, string stdout, int exitCode = 0, string stderr = "")
    {
        var script = System.IO.Path.Combine(Path, command);
        File.WriteAllText(script, $"#!/bin/sh\ncat <<'OUT'\n{stdout}\nOUT\nprintf '%s' '{stderr}' >&2\nexit {exitCode}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return this;
    }

    public void Dispose() => _directory.Dispose();
}
