using System.Data.Common;
using Dapper;

namespace Pilot.Server.Storage;

/// <summary>The log_chunks table: the small logs (and the first part of large ones) as rows, shared by every server of the database.</summary>
internal static class LogChunkRows
{
    /// <summary>Stores a chunk at <paramref name="start"/>; one already stored there is kept (a replayed upload).</summary>
    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, long jobId, int attempt, long start, byte[] data) =>
        connection.ExecuteAsync(
            """
            INSERT INTO log_chunks (job_id, attempt, start_byte, length, data) VALUES (@JobId, @Attempt, @Start, @Length, @Data)
            ON CONFLICT (job_id, attempt, start_byte) DO NOTHING
            """,
            new { JobId = jobId, Attempt = (long)attempt, Start = start, Length = (long)data.Length, Data = data },
            transaction);

    public static Task<long> LengthAsync(DbConnection connection, long jobId, int attempt) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(length), 0) FROM log_chunks WHERE job_id = @JobId AND attempt = @Attempt", new { JobId = jobId, Attempt = (long)attempt });

    /// <summary>The chunks in order, joined.</summary>
    public static async Task<byte[]> ReadAsync(DbConnection connection, long jobId, int attempt)
    {
        var chunks = await connection.QueryAsync<byte[]>(
            "SELECT data FROM log_chunks WHERE job_id = @JobId AND attempt = @Attempt ORDER BY start_byte", new { JobId = jobId, Attempt = (long)attempt });
        return [.. chunks.SelectMany(chunk => chunk)];
    }
}
