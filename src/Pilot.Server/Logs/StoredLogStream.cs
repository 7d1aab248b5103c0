using Pilot.Server.Storage;

namespace Pilot.Server.Logs;

/// <summary>
/// A log read from its rows in the database, one row at a time (a reader holds at most <see cref="LogChunkRows.RowBytes"/>):
/// the log as it was when opened, of <see cref="Length"/> bytes; a follower asks again from where it stopped.
/// </summary>
internal sealed class StoredLogStream(SqlDialect dialect, long jobId, int attempt, long length) : Stream
{
    private LogRow? _row;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }

        if (_row is null || _position < _row.Start || _position >= _row.Start + _row.Data.Length)
        {
            await using var connection = await dialect.OpenAsync(cancellationToken);
            _row = await LogChunkRows.ReadAtAsync(connection, jobId, attempt, _position);
            if (_row is null || _position >= _row.Start + _row.Data.Length)
            {
                return 0;
            }
        }

        var from = (int)(_position - _row.Start);
        var count = (int)Math.Min(Math.Min(buffer.Length, _row.Data.Length - from), length - _position);
        _row.Data.AsMemory(from, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
