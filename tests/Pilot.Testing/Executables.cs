namespace Pilot.Testing;

/// <summary>The real programs tests start: the <c>pilot</c> command, the Native AOT <c>pilot-agent</c> and the test payload.</summary>
public static class Executables
{
    public static string PilotDll => Existing(Path.Combine(AppContext.BaseDirectory, "pilot.dll"));

    /// <summary>
    /// The Native AOT agent that scripts/publish-agent.sh made (scripts/test.sh makes it before the tests), or the
    /// file <c>$PILOT_AGENT_BINARY</c> names. Missing, it fails the test in CI and skips it elsewhere.
    /// </summary>
    public static string NativeAgent
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("PILOT_AGENT_BINARY") is { Length: > 0 } given
                ? given
                : Path.Combine(RepositoryRoot(), "artifacts", "pilot-agent", "pilot-agent");
            Requirements.That(File.Exists(path), $"the Native AOT agent {path} (scripts/publish-agent.sh makes it)");
            return path;
        }
    }

    public static string TestPayloadDll => Existing(Path.Combine(AppContext.BaseDirectory, "Pilot.TestPayload.dll"));

    public static string Dotnet => Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? self
        : Requirements.Find("dotnet") ?? "dotnet";

    /// <summary>A job command that runs the test payload in <paramref name="mode"/>.</summary>
    public static string[] Payload(params string[] mode) => [Dotnet, TestPayloadDll, .. mode];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pilot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Pilot.sln above {AppContext.BaseDirectory}");
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} was not built next to the tests", path);
}
