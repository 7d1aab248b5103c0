namespace Pilot.Slurm;

/// <summary>Quotes words for a POSIX shell, for logs and for rendered batch scripts.</summary>
public static class ShellWord
{
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+%".Contains(c)) ? word : $"'{word.Replace("'", "'\\''")}'";

    /// <summary>Double quotes: the batch shell still expands <c>$SLURM_JOB_ID</c> and friends inside.</summary>
    public static string QuoteExpanding(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+%".Contains(c))
            ? word
            : $"\"{word.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("`", "\\`")}\"";
}
