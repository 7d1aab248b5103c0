using System.Text;
using Microsoft.Extensions.Options;
using Pilot.Contracts;

namespace Pilot.Server.Logs;

/// <summary>
/// Payload logs as one file per attempt under the data directory. Chunks carry their offset, so a chunk sent twice
/// (a retried upload) is stored once, and a gap is refused rather than silently corrupting the log.
/// </summary>
internal sealed class LogStore(IOptions<ServerOptions> options)
{
    /// <summary>Appends to one file are serialised; a fixed set of locks, picked by path, keeps memory bounded however many attempts there were.</summary>
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task AppendAsync(long jobId, int attempt, long offset, Stream chunk, CancellationToken cancellationToken)
    {
        EnsureOffset(offset);
        var path = PathOf(jobId, attempt);
        var gate = _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % (uint)_locks.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            var stored = ReceivedLength(file.Length);
            if (offset > stored)
            {
                throw new LogGapException($"log chunk starts at byte {offset} but {stored} bytes are stored; resend from {stored}");
            }

            await SkipAsync(chunk, stored - offset, cancellationToken);
            var cap = options.Value.MaxLogBytes;
            file.Seek(0, SeekOrigin.End);
            if (file.Length >= cap)
            {
                return;
            }

            await CopyCappedAsync(chunk, file, cap - file.Length, cancellationToken);
            if (file.Length >= cap)
            {
                await file.WriteAsync(TruncationMarker(cap), cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Opens the attempt's log at <paramref name="offset"/>, or returns null when nothing was stored yet.</summary>
    public Stream? OpenRead(long jobId, int attempt, long offset)
    {
        EnsureOffset(offset);
        var path = PathOf(jobId, attempt);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(Math.Min(offset, file.Length), SeekOrigin.Begin);
        return file;
    }

    public static byte[] TruncationMarker(long cap) =>
        Encoding.UTF8.GetBytes(LogTruncation.Marker(cap, " by the server: later output was dropped (Pilot:Server:MaxLogBytes)"));

    private static void EnsureOffset(long offset)
    {
        if (offset < 0)
        {
            throw new BadHttpRequestException($"offset {offset} is negative; a log offset counts bytes from the start, from 0");
        }
    }

    /// <summary>Bytes received so far; past the cap the file also holds the marker, which does not count.</summary>
    private long ReceivedLength(long fileLength) =>
        fileLength > options.Value.MaxLogBytes ? long.MaxValue : fileLength;

    private string PathOf(long jobId, int attempt) =>
        Path.Combine(options.Value.DataDirectory, "logs", jobId.ToString(), $"{attempt}.log");

    private static async Task SkipAsync(Stream chunk, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var read = await chunk.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                return;
            }

            count -= read;
        }
    }

    private static async Task CopyCappedAsync(Stream source, Stream target, long room, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while (room > 0 && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, room)), cancellationToken)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            room -= read;
        }
    }
}
