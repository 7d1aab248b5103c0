namespace Pilot.Testing;

/// <summary>The real programs tests start: the <c>pilot</c> command and the test payload.</summary>
public static class Executables
{
    public static string PilotDll => Existing(Path.Combine(AppContext.BaseDirectory, "pilot.dll"));

    public static string TestPayloadDll => Existing(Path.Combine(AppContext.BaseDirectory, "Pilot.TestPayload.dll"));

    public static string Dotnet => Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? self
        : Requirements.Find("dotnet") ?? "dotnet";

    /// <summary>A job command that runs the test payload in <paramref name="mode"/>.</summary>
    public static string[] Payload(params string[] mode) => [Dotnet, TestPayloadDll, .. mode];

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} was not built next to the tests", path);
}
