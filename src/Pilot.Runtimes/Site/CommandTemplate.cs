using System.Text.RegularExpressions;
using Pilot.Runtimes.Containers;

namespace Pilot.Runtimes.Site;

/// <summary>Expands a site runtime's command template for one attempt, word by word (no shell is involved).</summary>
public static partial class CommandTemplate
{
    public const string Image = "{image}";
    public const string WorkingDirectory = "{workdir}";
    public const string Binds = "{binds}";
    public const string Options = "{options}";
    public const string Command = "{command}";

    private static readonly string[] InWords = [Image, WorkingDirectory];
    private static readonly string[] WholeWords = [Binds, Options, Command];
    private static readonly string[] InBindWords = ["{source}", "{target}", "{mode}"];
    private static readonly string[] DefaultBind = ["--bind", "{source}:{target}"];

    public static IReadOnlyList<string> Expand(SiteRuntimeDefinition definition, ContainerInvocation invocation) =>
        definition.Command.SelectMany(word => word switch
        {
            Command => invocation.Command,
            Options => invocation.Options,
            Binds => invocation.Binds.SelectMany(bind => (definition.Bind.Count > 0 ? (IReadOnlyList<string>)definition.Bind : DefaultBind).Select(part => part
                .Replace("{source}", bind.Source, StringComparison.Ordinal)
                .Replace("{target}", bind.Target, StringComparison.Ordinal)
                .Replace("{mode}", bind.ReadOnly ? "ro" : "rw", StringComparison.Ordinal))),
            _ => [word.Replace(Image, invocation.Image, StringComparison.Ordinal).Replace(WorkingDirectory, invocation.WorkingDirectory, StringComparison.Ordinal)],
        }).ToList();

    /// <summary>What is wrong with a definition, in words an operator can act on; empty when it is usable.</summary>
    public static IReadOnlyList<string> Problems(SiteRuntimeDefinition definition)
    {
        var problems = new List<string>();
        var where = $"site runtime '{definition.Name}'";
        if (!NamePattern().IsMatch(definition.Name))
        {
            problems.Add($"{where}: Name must be lower-case letters, digits, '-' or '_' (it is what job specs write in runtime.type)");
        }

        if (definition.Command.Count == 0 || definition.Command[0].Contains('{', StringComparison.Ordinal))
        {
            problems.Add($"{where}: Command must start with the program to run, e.g. [\"mycontainer\", \"run\", \"{Image}\", \"{Command}\"]");
        }

        if (!definition.Command.Contains(Command))
        {
            problems.Add($"{where}: Command must have the word {Command}, where the job's command goes");
        }

        problems.AddRange(Unknown(definition.Command, [.. InWords, .. WholeWords]).Select(p => $"{where}: Command has unknown placeholder {p}; known: {string.Join(", ", InWords.Concat(WholeWords))}"));
        problems.AddRange(definition.Command.Where(w => WholeWords.Any(whole => w != whole && w.Contains(whole, StringComparison.Ordinal)))
            .Select(w => $"{where}: '{w}': {string.Join(", ", WholeWords)} must be whole words"));
        problems.AddRange(Unknown(definition.Bind, InBindWords).Select(p => $"{where}: Bind has unknown placeholder {p}; known: {string.Join(", ", InBindWords)}"));
        return problems;
    }

    private static IEnumerable<string> Unknown(IEnumerable<string> words, string[] known) =>
        words.SelectMany(w => PlaceholderPattern().Matches(w).Select(m => m.Value)).Where(p => !known.Contains(p)).Distinct();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
