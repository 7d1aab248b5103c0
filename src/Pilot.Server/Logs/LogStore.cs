using System.Text;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Storage;
using Pilot.Server.Storage.Commits;

namespace Pilot.Server.Logs;

/// <summary>
/// Payload logs without one file per job: a log's first <see cref="DatabaseBytes"/> are rows of the database (most logs
/// end there, so 10 000 jobs make no files, and every server of a shared database reads them); only what a large log
/// writes beyond that goes to a file of its own under the data directory. Chunks carry their offset, so a chunk sent
/// twice (a retried upload) is stored once, and a gap is refused rather than silently corrupting the log.
/// </summary>
internal sealed class LogStore(SqlDialect dialect, CommitQueue commits, IOptions<ServerOptions> options)
{
    /// <summary>How much of a log the database holds before the rest goes to a file.</summary>
    public const int DatabaseBytes = 256 * 1024;

    /// <summary>Appends to one log are serialised; a fixed set of locks, picked by attempt, keeps memory bounded however many attempts there were.</summary>
    private readonly SemaphoreSlim[] _locks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task AppendAsync(long jobId, int attempt, long offset, Stream chunk, CancellationToken cancellationToken)
    {
        EnsureOffset(offset);
        var gate = _locks[(int)((uint)HashCode.Combine(jobId, attempt) % (uint)_locks.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            var (inDatabase, file) = await StoredAsync(jobId, attempt, cancellationToken);
            var stored = ReceivedLength(inDatabase + file);
            if (offset > stored)
            {
                throw new LogGapException($"log chunk starts at byte {offset} but {stored} bytes are stored; resend from {stored}");
            }

            await SkipAsync(chunk, stored - offset, cancellationToken);
            var room = options.Value.MaxLogBytes - (inDatabase + file);
            if (room <= 0)
            {
                return;
            }

            var data = await ReadAsync(chunk, room, cancellationToken);
            if (data.Length == 0)
            {
                return;
            }

            var capped = inDatabase + file + data.Length >= options.Value.MaxLogBytes;
            var marker = capped ? TruncationMarker(options.Value.MaxLogBytes) : [];
            if (file == 0 && inDatabase + data.Length + marker.Length <= DatabaseBytes)
            {
                await commits.WriteAsync(
                    async (connection, transaction) =>
                    {
                        await LogChunkRows.InsertAsync(connection, transaction, jobId, attempt, inDatabase, [.. data, .. marker]);
                        return 0;
                    },
                    cancellationToken);
                return;
            }

            var path = PathOf(jobId, attempt);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await stream.WriteAsync(data, cancellationToken);
            await stream.WriteAsync(marker, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Opens the attempt's log at <paramref name="offset"/>, or returns null when nothing was stored yet.</summary>
    public async Task<Stream?> OpenReadAsync(long jobId, int attempt, long offset, CancellationToken cancellationToken)
    {
        EnsureOffset(offset);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var head = await LogChunkRows.ReadAsync(connection, jobId, attempt);
        var path = PathOf(jobId, attempt);
        var tail = File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete) : null;
        if (head.Length == 0 && tail is null)
        {
            return null;
        }

        var stream = new JoinedLogStream(head, tail);
        stream.Seek(offset, SeekOrigin.Begin);
        return stream;
    }

    public static byte[] TruncationMarker(long cap) =>
        Encoding.UTF8.GetBytes(LogTruncation.Marker(cap, " by the server: later output was dropped (Pilot:Server:MaxLogBytes)"));

    private async Task<(long InDatabase, long File)> StoredAsync(long jobId, int attempt, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var inDatabase = await LogChunkRows.LengthAsync(connection, jobId, attempt);
        var path = PathOf(jobId, attempt);
        return (inDatabase, File.Exists(path) ? new FileInfo(path).Length : 0);
    }

    private static void EnsureOffset(long offset)
    {
        if (offset < 0)
        {
            throw new BadHttpRequestException($"offset {offset} is negative; a log offset counts bytes from the start, from 0");
        }
    }

    /// <summary>Bytes received so far; past the cap the log also holds the marker, which does not count.</summary>
    private long ReceivedLength(long length) =>
        length > options.Value.MaxLogBytes ? long.MaxValue : length;

    private string PathOf(long jobId, int attempt) =>
        Path.Combine(options.Value.DataDirectory, "logs", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{attempt}.log");

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

    /// <summary>The rest of the chunk, at most <paramref name="room"/> bytes (a request body is bounded by the server's request limit).</summary>
    private static async Task<byte[]> ReadAsync(Stream chunk, long room, CancellationToken cancellationToken)
    {
        using var data = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while (data.Length < room && (read = await chunk.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, room - data.Length)), cancellationToken)) > 0)
        {
            data.Write(buffer, 0, read);
        }

        return data.ToArray();
    }
}
