using System.CommandLine;

namespace Pilot.Cli;

/// <summary>Options every client verb shares: which server, which token, what output.</summary>
internal static class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    public static Option<string> Server { get; } = new("--server", "-s")
    {
        Description = "Pilot server URL (default: $PILOT_SERVER or " + DefaultServer + ")",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PILOT_SERVER") ?? DefaultServer,
    };

    public static Option<string?> Token { get; } = new("--token")
    {
        Description = "API token (default: $PILOT_TOKEN)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PILOT_TOKEN"),
    };

    public static Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table for people, json for scripts",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Table,
    };
}
