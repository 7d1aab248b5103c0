namespace Pilot.Runtimes;

/// <summary>The exact program, arguments and environment a runtime chose to start a payload.</summary>
public sealed record PayloadCommand(
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory)
{
    /// <summary>A command from its words (program first), as the runtimes' command-line builders produce them.</summary>
    public static PayloadCommand Of(IReadOnlyList<string> words, IReadOnlyDictionary<string, string> environment, string workingDirectory) =>
        new(words[0], words.Skip(1).ToList(), environment, workingDirectory);

    public override string ToString() => string.Join(' ', Arguments.Prepend(Program).Select(Quote));

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+%".Contains(c)) ? word : $"'{word.Replace("'", "'\\''")}'";
}
