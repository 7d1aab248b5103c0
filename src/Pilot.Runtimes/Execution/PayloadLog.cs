using System.Text;
using CliWrap;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// The payload's stdout and stderr, interleaved into one file up to a cap. Past the cap the pipes are still drained
/// (so a flooding payload never blocks on a full pipe) and a marker says how much was dropped.
/// </summary>
public sealed class PayloadLog : IDisposable
{
    private readonly FileStream _file;
    private readonly long _cap;
    private readonly Lock _gate = new();
    private long _dropped;

    public PayloadLog(string path, long capBytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _cap = capBytes;
        FilePath = path;
    }

    public string FilePath { get; }

    public long DroppedBytes => Interlocked.Read(ref _dropped);

    public PipeTarget Target => PipeTarget.Create(CopyFromAsync);

    /// <summary>Writes a line of Pilot's own (setup errors, stop notices) into the log.</summary>
    public void Note(string line) => Append(Encoding.UTF8.GetBytes($"[pilot] {line}\n"));

    /// <summary>Ends the log, adding the truncation marker when the cap was hit.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_dropped > 0)
            {
                _file.Write(Encoding.UTF8.GetBytes($"\n[pilot] log truncated at {_cap} bytes: {_dropped} more bytes of output were dropped\n"));
            }

            _file.Flush();
        }
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Copies <paramref name="source"/> into the log until it ends.</summary>
    internal Task DrainAsync(Stream source) => CopyFromAsync(source, CancellationToken.None);

    private async Task CopyFromAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            Append(buffer.AsSpan(0, read));
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var room = (int)Math.Clamp(_cap - _file.Position, 0, data.Length);
            if (room > 0)
            {
                _file.Write(data[..room]);
                _file.Flush();
            }

            _dropped += data.Length - room;
        }
    }
}
