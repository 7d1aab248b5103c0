namespace Pilot.Runtimes;

/// <summary>The exact program, arguments and environment a runtime chose to start a payload.</summary>
public sealed record PayloadCommand(
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory)
{
    public override string ToString() => string.Join(' ', Arguments.Prepend(Program).Select(Quote));

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+%".Contains(c)) ? word : $"'{word.Replace("'", "'\\''")}'";
}
