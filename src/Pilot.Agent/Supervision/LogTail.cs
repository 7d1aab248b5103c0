using System.Text;
using System.Text.Unicode;

namespace Pilot.Agent.Supervision;

/// <summary>
/// The end of a payload's log for its report; it stands for the whole log when the log is short, valid UTF-8 text and
/// none of it was shipped before.
/// </summary>
internal sealed record LogTail(string? Text, bool IsWholeLog)
{
    private const int MaxBytes = 4096;

    public static LogTail Read(string logPath, bool nothingShipped)
    {
        using var file = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, file.Length - MaxBytes);
        file.Seek(start, SeekOrigin.Begin);
        var bytes = new byte[file.Length - start];
        file.ReadExactly(bytes);
        var text = bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes);
        return new LogTail(text, nothingShipped && start == 0 && Utf8.IsValid(bytes));
    }
}
