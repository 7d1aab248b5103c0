namespace Pilot.Runtimes.Site;

/// <summary>
/// A runtime a site adds by configuration (<c>Pilot:Agent:SiteRuntimes:N</c>), without recompiling: a command template
/// whose words may hold <c>{image}</c>, <c>{workdir}</c>, and the whole words <c>{binds}</c>, <c>{options}</c> and <c>{command}</c>.
/// </summary>
public sealed class SiteRuntimeDefinition
{
    /// <summary>What job specs write in <c>runtime.type</c>; the server must list it too (<c>--site-runtime</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>e.g. <c>["mycontainer", "run", "{binds}", "--cwd={workdir}", "{options}", "{image}", "--", "{command}"]</c>.</summary>
    public List<string> Command { get; set; } = [];

    /// <summary>
    /// The words each bind becomes in <c>{binds}</c>, with <c>{source}</c>, <c>{target}</c> and <c>{mode}</c> (ro or rw);
    /// empty means <c>--bind {source}:{target}</c>. (A default list here would be merged with the configured one, not replaced.)
    /// </summary>
    public List<string> Bind { get; set; } = [];

    /// <summary>Exits 0 where the runtime works; its first line of output is the version. Empty: the program is looked up on PATH.</summary>
    public List<string> Probe { get; set; } = [];
}
