using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pilot.Contracts;

namespace Pilot.Agent.WorkFiles;

/// <summary>
/// Entries by lease id in one append-only file of JSON lines per agent, instead of one file per attempt: on a shared
/// file system a payload costs two appends, not a create, a rename and a delete. A line sets an entry or, without a
/// value, removes it; a line torn by a crash is skipped. The file is emptied whenever no entry is left, and rewritten
/// with the live entries when it holds many more lines than them. Appends reach the kernel at once (an agent killed
/// outright loses nothing) without an fsync each: a node that crashes takes its payloads with it, and the server's
/// lease TTL requeues them.
/// </summary>
internal sealed class DurableMap<T> : IDisposable
    where T : class
{
    private const int SlackLines = 1000;

    /// <summary>The value's contract metadata, so a line is written and read without reflection (the Native AOT agent).</summary>
    private static readonly JsonTypeInfo<T> ValueType = (JsonTypeInfo<T>)PilotJson.Options.GetTypeInfo(typeof(T));

    private readonly string _path;
    private readonly Dictionary<string, T> _entries = [];
    private readonly Lock _gate = new();
    private FileStream? _file;
    private int _lines;

    public DurableMap(string path)
    {
        _path = path;
        foreach (var line in File.Exists(path) ? File.ReadLines(path) : [])
        {
            _lines++;
            if (Parse(line) is { } entry)
            {
                Apply(entry);
            }
        }
    }

    public IReadOnlyList<KeyValuePair<string, T>> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool Contains(string key)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(key);
        }
    }

    public void Set(string key, T value) => Write(new Line(key, value));

    public void Remove(string key)
    {
        lock (_gate)
        {
            if (_entries.ContainsKey(key))
            {
                Write(new Line(key, null));
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
        }
    }

    private void Write(Line line)
    {
        lock (_gate)
        {
            Apply(line);
            if (_entries.Count == 0)
            {
                Reopen(FileMode.Create);
                _lines = 0;
                return;
            }

            if (_lines > SlackLines + (2 * _entries.Count))
            {
                Compact();
                return;
            }

            Append(line);
        }
    }

    private void Compact()
    {
        var temporary = _path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            foreach (var (key, value) in _entries)
            {
                file.Write(Serialize(new Line(key, value)));
            }
        }

        File.Move(temporary, _path, overwrite: true);
        Reopen(FileMode.Append);
        _lines = _entries.Count;
    }

    private void Append(Line line)
    {
        _file ??= Open(FileMode.Append);
        _file.Write(Serialize(line));
        _file.Flush();
        _lines++;
    }

    private void Apply(Line line)
    {
        if (line.Value is { } value)
        {
            _entries[line.Key] = value;
        }
        else
        {
            _entries.Remove(line.Key);
        }
    }

    private void Reopen(FileMode mode)
    {
        _file?.Dispose();
        _file = Open(mode);
    }

    private FileStream Open(FileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        return new FileStream(_path, mode, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    private static byte[] Serialize(Line line)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", line.Key);
            if (line.Value is { } value)
            {
                writer.WritePropertyName("value");
                JsonSerializer.Serialize(writer, value, ValueType);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static Line? Parse(string line)
    {
        try
        {
            if (line.Length == 0)
            {
                return null;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.TryGetProperty("key", out var key) && key.GetString() is { } name
                ? new Line(name, root.TryGetProperty("value", out var value) ? value.Deserialize(ValueType) : null)
                : null;
        }
        catch (JsonException)
        {
            // Torn by the crash that ended the previous agent.
            return null;
        }
    }

    /// <summary>One line of the file: <c>{"key": …, "value": …}</c>, no value for a removal.</summary>
    private sealed record Line(string Key, T? Value);
}
