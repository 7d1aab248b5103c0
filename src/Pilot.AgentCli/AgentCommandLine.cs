using System.CommandLine;
using Pilot.CommandLine;

namespace Pilot.AgentCli;

/// <summary>
/// <c>pilot-agent</c>: exactly <c>pilot agent</c> (the same options, declared once in <see cref="AgentCommand"/>) as one
/// Native AOT file to put on a node: no .NET runtime to install, a small idle footprint, no start-up compilation.
/// </summary>
internal static class AgentCommandLine
{
    public static RootCommand Create()
    {
        var agent = AgentCommand.Create();
        var root = new RootCommand(agent.Description ?? string.Empty);
        root.Options.Add(GlobalOptions.Server);
        root.Options.Add(GlobalOptions.Token);
        foreach (var option in agent.Options)
        {
            root.Options.Add(option);
        }

        root.Action = agent.Action;
        return root;
    }

    /// <summary>Signals are left to the agent's host, which drains and evicts before exiting.</summary>
    public static Task<int> InvokeAsync(string[] args) =>
        Create().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
}
