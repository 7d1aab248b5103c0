using Spectre.Console;

namespace Pilot.Cli.Output;

/// <summary>Whether live views (spinners, redrawn tables) suit where the output goes; otherwise plain lines.</summary>
internal static class Terminal
{
    public static bool IsInteractive(OutputFormat output) =>
        output == OutputFormat.Table && !Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
