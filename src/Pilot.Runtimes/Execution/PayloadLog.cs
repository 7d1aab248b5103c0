using System.Buffers;
using System.Text;
using CliWrap;
using Pilot.Contracts;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// The payload's stdout and stderr, interleaved, up to a cap. Past the cap the pipes are still drained (so a flooding
/// payload never blocks on a full pipe) and a marker says how much was dropped. A log may start in memory and go to
/// its file only when it outgrows that: the short log of a short payload then never touches the file system.
/// </summary>
public sealed class PayloadLog : IDisposable
{
    private readonly long _cap;
    private readonly int _memoryBytes;
    private readonly Lock _gate = new();
    private MemoryStream? _memory;
    private FileStream? _file;
    private long _length;
    private long _dropped;

    /// <param name="memoryBytes">How much stays in memory before the log goes to <paramref name="path"/>; 0: to the file from the start.</param>
    public PayloadLog(string path, long capBytes, int memoryBytes = 0)
    {
        FilePath = path;
        _cap = capBytes;
        _memoryBytes = memoryBytes;
        if (memoryBytes > 0)
        {
            _memory = new MemoryStream();
        }
        else
        {
            _file = Create(path);
        }
    }

    /// <summary>Where the log is on the node, once it is there (see <see cref="IsOnDisk"/>).</summary>
    public string FilePath { get; }

    public bool IsOnDisk
    {
        get
        {
            lock (_gate)
            {
                return _file is not null;
            }
        }
    }

    public long Length
    {
        get
        {
            lock (_gate)
            {
                return _length;
            }
        }
    }

    public long DroppedBytes => Interlocked.Read(ref _dropped);

    public PipeTarget Target => PipeTarget.Create(CopyFromAsync);

    /// <summary>Writes a line of Pilot's own (setup errors, stop notices) into the log.</summary>
    public void Note(string line) => Append(Encoding.UTF8.GetBytes($"[pilot] {line}\n"));

    /// <summary>Copies up to <paramref name="buffer"/>'s length from <paramref name="offset"/>; returns how many bytes.</summary>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        lock (_gate)
        {
            var count = (int)Math.Clamp(_length - offset, 0, buffer.Length);
            if (count == 0)
            {
                return 0;
            }

            if (_memory is not null)
            {
                _memory.GetBuffer().AsSpan((int)offset, count).CopyTo(buffer);
                return count;
            }
        }

        using var file = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(offset, SeekOrigin.Begin);
        return file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
    }

    /// <summary>Ends the log, adding the truncation marker when the cap was hit.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_dropped > 0)
            {
                Write(Encoding.UTF8.GetBytes(LogTruncation.Marker(_cap, $": {_dropped} more bytes of output were dropped")));
            }

            _file?.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _memory?.Dispose();
        }
    }

    /// <summary>Copies <paramref name="source"/> into the log until it ends.</summary>
    internal Task DrainAsync(Stream source) => CopyFromAsync(source, CancellationToken.None);

    private async Task CopyFromAsync(Stream source, CancellationToken cancellationToken)
    {
        // A buffer per payload, taken back when it ends: thousands of payloads do not leave thousands of buffers to collect.
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var room = (int)Math.Clamp(_cap - _length, 0, data.Length);
            if (room > 0)
            {
                Write(data[..room]);
            }

            _dropped += data.Length - room;
        }
    }

    private void Write(ReadOnlySpan<byte> data)
    {
        if (_memory is not null && _length + data.Length > _memoryBytes)
        {
            _file = Create(FilePath);
            _file.Write(_memory.GetBuffer().AsSpan(0, (int)_memory.Length));
            _memory.Dispose();
            _memory = null;
        }

        if (_memory is not null)
        {
            _memory.Write(data);
        }
        else
        {
            _file!.Write(data);
            _file.Flush();
        }

        _length += data.Length;
    }

    private static FileStream Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }
}
