using System.Data.Common;
using Dapper;

namespace Pilot.Server.Storage;

/// <summary>The log_chunks table: every payload log as rows of at most <see cref="RowBytes"/>, shared by every server of the database.</summary>
internal static class LogChunkRows
{
    /// <summary>Largest row: a reader holds one row at a time, so serving a log of any size takes this much memory.</summary>
    public const int RowBytes = 256 * 1024;

    /// <summary>Stores <paramref name="data"/> at <paramref name="start"/> in rows; a row already stored at an offset is kept (a replayed upload).</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, long jobId, int attempt, long start, ReadOnlyMemory<byte> data)
    {
        for (var at = 0; at < data.Length; at += RowBytes)
        {
            var row = data.Slice(at, Math.Min(RowBytes, data.Length - at)).ToArray();
            await connection.ExecuteAsync(
                """
                INSERT INTO log_chunks (job_id, attempt, start_byte, length, data) VALUES (@JobId, @Attempt, @Start, @Length, @Data)
                ON CONFLICT (job_id, attempt, start_byte) DO NOTHING
                """,
                new { JobId = jobId, Attempt = (long)attempt, Start = start + at, Length = (long)row.Length, Data = row },
                transaction);
        }
    }

    public static Task<long> LengthAsync(DbConnection connection, long jobId, int attempt, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(length), 0) FROM log_chunks WHERE job_id = @JobId AND attempt = @Attempt",
            new { JobId = jobId, Attempt = (long)attempt },
            transaction);

    /// <summary>The row holding byte <paramref name="position"/>, or null past the end.</summary>
    public static Task<LogRow?> ReadAtAsync(DbConnection connection, long jobId, int attempt, long position) =>
        connection.QuerySingleOrDefaultAsync<LogRow?>(
            """
            SELECT start_byte AS Start, data AS Data FROM log_chunks
            WHERE job_id = @JobId AND attempt = @Attempt AND start_byte <= @Position
            ORDER BY start_byte DESC LIMIT 1
            """,
            new { JobId = jobId, Attempt = (long)attempt, Position = position });
}

/// <summary>One stored row of a log: its bytes from <see cref="Start"/>.</summary>
internal sealed record LogRow(long Start, byte[] Data);
