using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Pilot.Contracts;
using Pilot.Server.Storage;
using Pilot.Server.Storage.Commits;

namespace Pilot.Server.Logs;

/// <summary>
/// Payload logs as rows of the database, up to <see cref="ServerOptions.MaxLogBytes"/>: no file per job, and every server
/// of a shared database reads and extends every log. Chunks carry their offset, so a chunk sent twice (a retried upload,
/// perhaps to another server) is stored once, and a gap is refused rather than silently corrupting the log. A log that an
/// earlier version began in a file under the data directory stays there.
/// </summary>
internal sealed class LogStore(SqlDialect dialect, CommitQueue commits, IOptions<ServerOptions> options)
{
    public async Task AppendAsync(long jobId, int attempt, long offset, Stream chunk, CancellationToken cancellationToken)
    {
        EnsureOffset(offset);
        var data = await ReadAsync(chunk, cancellationToken);
        var file = FileOf(jobId, attempt);
        if (file.Exists)
        {
            await AppendToFileAsync(file, offset, data, cancellationToken);
            return;
        }

        await commits.WriteAsync(
            async (connection, transaction) =>
            {
                // Appends to one log from two servers (an upload retried elsewhere) wait for each other here.
                if (dialect.LockRowsOf("attempts") is { Length: > 0 } lockRows)
                {
                    await connection.ExecuteAsync(
                        $"SELECT 1 FROM attempts WHERE job_id = @JobId AND number = @Attempt {lockRows}", new { JobId = jobId, Attempt = (long)attempt }, transaction);
                }

                var stored = await LogChunkRows.LengthAsync(connection, jobId, attempt, transaction);
                if (Extension(stored, offset, data) is { Length: > 0 } extension)
                {
                    await LogChunkRows.InsertAsync(connection, transaction, jobId, attempt, stored, extension);
                }

                return 0;
            },
            cancellationToken);
    }

    /// <summary>Opens the attempt's log at <paramref name="offset"/>, or returns null when nothing was stored yet.</summary>
    public async Task<Stream?> OpenReadAsync(long jobId, int attempt, long offset, CancellationToken cancellationToken)
    {
        EnsureOffset(offset);
        var file = FileOf(jobId, attempt);
        Stream stream;
        if (file.Exists)
        {
            stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        else
        {
            await using var connection = await dialect.OpenAsync(cancellationToken);
            var length = await LogChunkRows.LengthAsync(connection, jobId, attempt);
            if (length == 0)
            {
                return null;
            }

            stream = new StoredLogStream(dialect, jobId, attempt, length);
        }

        stream.Seek(offset, SeekOrigin.Begin);
        return stream;
    }

    public static byte[] TruncationMarker(long cap) =>
        Encoding.UTF8.GetBytes(LogTruncation.Marker(cap, " by the server: later output was dropped (Pilot:Server:MaxLogBytes)"));

    /// <summary>
    /// What <paramref name="data"/>, sent from <paramref name="offset"/>, adds to a log of <paramref name="stored"/>
    /// bytes: the part past what is stored, cut at the cap with the marker after it.
    /// </summary>
    private ReadOnlyMemory<byte> Extension(long stored, long offset, byte[] data)
    {
        var cap = options.Value.MaxLogBytes;
        if (stored >= cap)
        {
            // Full: the log ends with the marker, which counts as no received byte.
            return ReadOnlyMemory<byte>.Empty;
        }

        if (offset > stored)
        {
            throw new LogGapException($"log chunk starts at byte {offset} but {stored} bytes are stored; resend from {stored}");
        }

        var fresh = data.AsMemory((int)Math.Min(data.Length, stored - offset));
        return stored + fresh.Length < cap ? fresh : (byte[])[.. fresh.Span[..(int)(cap - stored)], .. TruncationMarker(cap)];
    }

    private async Task AppendToFileAsync(FileInfo file, long offset, byte[] data, CancellationToken cancellationToken)
    {
        var extension = Extension(file.Length, offset, data);
        await using var stream = new FileStream(file.FullName, FileMode.Append, FileAccess.Write, FileShare.Read);
        await stream.WriteAsync(extension, cancellationToken);
    }

    private static void EnsureOffset(long offset)
    {
        if (offset < 0)
        {
            throw new BadHttpRequestException($"offset {offset} is negative; a log offset counts bytes from the start, from 0");
        }
    }

    private FileInfo FileOf(long jobId, int attempt) =>
        new(Path.Combine(options.Value.DataDirectory, "logs", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{attempt}.log"));

    /// <summary>The whole chunk: a request body is bounded by the server's request limit.</summary>
    private static async Task<byte[]> ReadAsync(Stream chunk, CancellationToken cancellationToken)
    {
        using var data = new MemoryStream();
        await chunk.CopyToAsync(data, cancellationToken);
        return data.ToArray();
    }
}
