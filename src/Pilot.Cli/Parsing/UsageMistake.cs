using System.CommandLine;
using System.CommandLine.Parsing;

namespace Pilot.Cli.Parsing;

/// <summary>
/// What is wrong with a command line, said in one line with the closest correct word, instead of the parser's
/// errors followed by the whole help. An unknown option before <c>--</c> is an error even where the verb takes
/// free arguments (a mistyped <c>--memory</c> must not become part of the payload's command); after <c>--</c>
/// every word is the command's.
/// </summary>
internal static class UsageMistake
{
    public static string? Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var verb = "pilot" + string.Concat(Path(parse.CommandResult).Skip(1).Select(name => " " + name));
        var beforeDashes = parse.Tokens.TakeWhile(token => token.Type != TokenType.DoubleDash).ToList();
        var stray = beforeDashes.Where(token => token.Type == TokenType.Argument && IsFreeWord(parse, token)).Select(token => token.Value).ToList();

        if (stray.FirstOrDefault(LooksLikeOption) is { } option)
        {
            var known = command.Options.Concat(RecursiveOptions(parse.CommandResult)).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name));
            var suggestion = ClosestName.To(option, known) is { } closest ? $"; did you mean '{closest}'?" : ";";
            var dashes = command.Arguments.Any(a => a.Arity.MaximumNumberOfValues > 1) ? " options go before '--', the command after it;" : string.Empty;
            return $"unknown option '{option}' for '{verb}'{suggestion}{dashes} '{verb} --help' lists the options";
        }

        if (command.Subcommands.Count > 0)
        {
            if (stray.Count == 0)
            {
                return parse.Errors.Count > 0 ? $"'{verb}' needs a command; '{verb} --help' lists them" : null;
            }

            var suggestion = ClosestName.To(stray[0], command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)) is { } closest ? $"; did you mean '{closest}'?" : ";";
            return $"'{stray[0]}' is not a '{verb}' command{suggestion} '{verb} --help' lists the commands";
        }

        return parse.Errors.Count > 0 ? $"{parse.Errors[0].Message} ('{verb} --help' shows how to use it)" : null;
    }

    /// <summary>A word not taken as an option's value: the verb's own arguments, or one nothing took.</summary>
    private static bool IsFreeWord(ParseResult parse, Token token) =>
        parse.UnmatchedTokens.Contains(token.Value)
        || parse.CommandResult.Children.OfType<ArgumentResult>().Any(argument => argument.Tokens.Any(t => ReferenceEquals(t, token)));

    private static bool LooksLikeOption(string word) => word.Length > 1 && word[0] == '-' && !double.TryParse(word, out _);

    private static IEnumerable<Option> RecursiveOptions(CommandResult result) =>
        Ancestors(result).Skip(1).SelectMany(command => command.Options).Where(option => option.Recursive);

    private static IEnumerable<string> Path(CommandResult result) => Ancestors(result).Reverse().Select(command => command.Name);

    private static IEnumerable<Command> Ancestors(CommandResult result)
    {
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: var command })
            {
                yield return command;
            }
        }
    }
}
