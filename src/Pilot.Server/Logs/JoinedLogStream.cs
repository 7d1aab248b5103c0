namespace Pilot.Server.Logs;

/// <summary>A log read as one stream: the part kept in the database, then the file holding the rest of a large log.</summary>
internal sealed class JoinedLogStream(byte[] head, FileStream? tail) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => head.Length + (tail?.Length ?? 0);

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < head.Length)
        {
            var count = (int)Math.Min(buffer.Length, head.Length - _position);
            head.AsSpan((int)_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        if (tail is null)
        {
            return 0;
        }

        tail.Position = _position - head.Length;
        var read = tail.Read(buffer);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < head.Length || tail is null)
        {
            return Read(buffer.Span);
        }

        tail.Position = _position - head.Length;
        var read = await tail.ReadAsync(buffer, cancellationToken);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            tail?.Dispose();
        }

        base.Dispose(disposing);
    }
}
