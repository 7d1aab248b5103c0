using System.CommandLine;
using System.CommandLine.Help;
using Pilot.Cli.Commands;
using Pilot.Cli.Parsing;

namespace Pilot.Cli;

/// <summary>The <c>pilot</c> command: one verb per file under Commands/.</summary>
internal static class PilotCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Pilot: run many payloads on batch allocations through a pilot-job queue.");
        root.Options.Add(GlobalOptions.Server);
        root.Options.Add(GlobalOptions.Token);
        root.Options.Add(GlobalOptions.Output);
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(AgentCommand.Create());
        root.Subcommands.Add(SbatchCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        root.Subcommands.Add(JobCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(LogsCommand.Create());
        root.Subcommands.Add(OpenCommand.Create());
        root.Subcommands.Add(CancelCommand.Create());
        root.Subcommands.Add(GroupCommand.Create());
        root.Subcommands.Add(ResubmitCommand.Create());
        root.Subcommands.Add(PilotsCommand.Create());
        root.Subcommands.Add(DrainCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    /// <summary>Signals are left to the hosts of <c>server</c> and <c>agent</c>, which drain and evict before exiting.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Action is not HelpAction && UsageMistake.Describe(parse) is { } mistake)
        {
            await Console.Error.WriteLineAsync($"pilot: {mistake}");
            return CliActions.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
