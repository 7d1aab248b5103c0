using System.CommandLine;

namespace Pilot.CommandLine;

/// <summary>Options every client verb shares: which server, which token, what output.</summary>
internal static class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    // Neither option has a default value for help to print: a value from the environment may be a secret (the
    // token, a URL with a password), so help says only where it comes from and ServerOf/TokenOf read it when used.
    public static Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = "Pilot server URL (default: $PILOT_SERVER or " + DefaultServer + ")",
        Recursive = true,
    };

    public static Option<string?> Token { get; } = new("--token")
    {
        Description = "API token (default: $PILOT_TOKEN)",
        Recursive = true,
    };

    public static Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table for people, json for scripts",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static string ServerOf(ParseResult parse) =>
        parse.GetValue(Server) ?? Environment.GetEnvironmentVariable("PILOT_SERVER") ?? DefaultServer;

    public static string? TokenOf(ParseResult parse) => parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("PILOT_TOKEN");
}
