using System.Text;
using System.Text.Unicode;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Supervision;

/// <summary>
/// The end of a payload's log for its report; it stands for the whole log when the log is short, valid UTF-8 text and
/// none of it was shipped before.
/// </summary>
internal sealed record LogTail(string? Text, bool IsWholeLog)
{
    private const int MaxBytes = 4096;

    public static LogTail Read(PayloadLog log, bool nothingShipped)
    {
        var length = log.Length;
        var start = Math.Max(0, length - MaxBytes);
        var bytes = new byte[length - start];
        var read = log.ReadAt(start, bytes);
        var text = read == 0 ? null : Encoding.UTF8.GetString(bytes, 0, read);
        return new LogTail(text, nothingShipped && start == 0 && Utf8.IsValid(bytes.AsSpan(0, read)));
    }
}
