using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Containers;

/// <summary>
/// Images prepared on this node (unpacked, converted, pulled), kept under the node's image cache directory and reused
/// by later attempts. Each is prepared into a temporary name and renamed into place, so a half-prepared image is never
/// used, and attempts preparing the same image at once wait for one preparation instead of repeating it.
/// </summary>
public sealed class ImageCache(string directory, TimeProvider time)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    /// <summary>The cached form of <paramref name="source"/>, produced by <paramref name="prepare"/> into the path it is given when not cached yet.</summary>
    /// <param name="source">What the user named: a file's version (path, size, time) or a reference is part of the key.</param>
    /// <param name="form">What the cache holds for it, e.g. <c>rootfs</c> or <c>sif</c>; becomes the entry's suffix.</param>
    public async Task<string> GetOrPrepareAsync(string source, string form, Func<string, CancellationToken, Task> prepare, PayloadLog log, CancellationToken cancellationToken)
    {
        var entry = Path.Combine(Directory, $"{Slug(source)}-{Key(source)}.{form}");
        if (Exists(entry))
        {
            log.Note($"image {source}: reusing {entry} from this node's cache");
            return entry;
        }

        var gate = Gates.GetOrAdd(entry, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Exists(entry))
            {
                log.Note($"image {source}: reusing {entry}, prepared meanwhile by another attempt");
                return entry;
            }

            System.IO.Directory.CreateDirectory(Directory);
            var partial = $"{entry}.partial-{Guid.NewGuid():N}";
            var since = time.GetTimestamp();
            log.Note($"image {source}: preparing it into this node's cache at {entry}");
            try
            {
                await prepare(partial, cancellationToken);
                Publish(partial, entry);
            }
            finally
            {
                Remove(partial);
            }

            log.Note($"image {source}: prepared in {time.GetElapsedTime(since).TotalSeconds:0.0} s");
            return entry;
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool Exists(string path) => File.Exists(path) || System.IO.Directory.Exists(path);

    /// <summary>Another pilot on the node may have published the same entry first; both are the same image, so its copy stands.</summary>
    private static void Publish(string partial, string entry)
    {
        try
        {
            if (System.IO.Directory.Exists(partial))
            {
                System.IO.Directory.Move(partial, entry);
            }
            else
            {
                File.Move(partial, entry);
            }
        }
        catch (IOException) when (Exists(entry))
        {
        }
    }

    private static void Remove(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left under a .partial name that is never used; the cache directory can be emptied at any time.
        }
    }

    private static string Key(string source)
    {
        var version = File.Exists(source) ? $"{Path.GetFullPath(source)}|{new FileInfo(source).Length}|{File.GetLastWriteTimeUtc(source).Ticks}" : source;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version)))[..16];
    }

    private static string Slug(string source)
    {
        var name = Path.GetFileName(source.TrimEnd('/'));
        var slug = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return slug.Length is > 0 and <= 64 ? slug : "image";
    }
}
