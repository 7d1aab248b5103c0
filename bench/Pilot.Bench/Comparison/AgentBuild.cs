namespace Pilot.Bench.Comparison;

/// <summary>How an agent is started: <c>pilot agent</c> on the .NET runtime, or the Native AOT <c>pilot-agent</c> file.</summary>
internal sealed record AgentBuild(string Name, string Program, IReadOnlyList<string> Prefix)
{
    public static AgentBuild Managed { get; } = new("pilot agent (.NET runtime)", "dotnet", [PilotStack.PilotDll, "agent"]);

    /// <summary>The file scripts/publish-agent.sh makes, when it has been made.</summary>
    public static AgentBuild? Native(string path) => File.Exists(path) ? new("pilot-agent (Native AOT)", path, []) : null;
}
