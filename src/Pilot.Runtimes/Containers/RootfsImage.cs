using Pilot.Runtimes.Execution;

namespace Pilot.Runtimes.Containers;

/// <summary>
/// An image as a root filesystem directory, for the runtimes that run one (Charliecloud, bubblewrap): a directory is
/// used where it is; a SquashFS file or a tarball is unpacked once into the node's image cache (no FUSE needed).
/// </summary>
internal static class RootfsImage
{
    private static readonly string[] TarballSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2"];
    private static readonly byte[] SquashFsMagic = "hsqs"u8.ToArray();

    public static async Task<string> PrepareAsync(string runtime, PayloadLaunch launch, PayloadLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        var image = launch.Spec.Runtime.Image ?? string.Empty;
        if (image.Contains("://", StringComparison.Ordinal))
        {
            throw new SetupFailedException(
                $"the {runtime} runtime runs an image directory, SquashFS file or tarball on this node, not the registry image '{image}'; " +
                $"convert it once where the registry is reachable (e.g. 'ch-image pull' then 'ch-convert' to a .sqfs, or 'skopeo copy' and 'umoci unpack') and give that file's path as runtime.image");
        }

        var root = Directory.Exists(image) ? image : await UnpackAsync(image, launch, log, time, cancellationToken);
        CheckMountPoints(image, root, ContainerInvocation.Of(launch).Binds);
        return root;
    }

    private static Task<string> UnpackAsync(string image, PayloadLaunch launch, PayloadLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!File.Exists(image))
        {
            throw new SetupFailedException($"image {image} does not exist on this node; give the path of an image directory, SquashFS file or tarball that the nodes can read");
        }

        var cache = new ImageCache(launch.ImageCacheDirectory ?? Path.Combine(launch.ScratchDirectory, ".images"), time);
        if (IsSquashFs(image))
        {
            return cache.GetOrPrepareAsync(image, "rootfs", (target, ct) =>
                PreparationStep.RunAsync($"unpack SquashFS image {image}", "unsquashfs", ["-no-xattrs", "-quiet", "-no-progress", "-d", target, image], ct), log, cancellationToken);
        }

        if (TarballSuffixes.Any(suffix => image.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
        {
            return cache.GetOrPrepareAsync(image, "rootfs", async (target, ct) =>
            {
                Directory.CreateDirectory(target);
                await PreparationStep.RunAsync($"unpack image tarball {image}", "tar", ["-xf", image, "-C", target, "--no-same-owner", "--exclude=./dev/*", "--exclude=dev/*"], ct);
            }, log, cancellationToken);
        }

        throw new SetupFailedException($"image {image} is neither a directory, a SquashFS file nor a tarball (.tar, .tar.gz, .tgz, .tar.xz)");
    }

    private static bool IsSquashFs(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(SquashFsMagic);
    }

    /// <summary>
    /// Both runtimes mount the image read-only, so a bind target must already exist in it, or lie under /tmp (host /tmp
    /// for Charliecloud, a tmpfs for bubblewrap). Saying so here beats a mount error in the payload's log.
    /// </summary>
    private static void CheckMountPoints(string image, string root, IEnumerable<BindMount> binds)
    {
        var inRoot = (string guest) => Path.Combine(root, guest.TrimStart('/'));
        foreach (var bind in binds)
        {
            var underTmp = bind.Target.StartsWith("/tmp/", StringComparison.Ordinal) && Directory.Exists(inRoot("/tmp"));
            if (!underTmp && !Directory.Exists(inRoot(bind.Target)) && !File.Exists(inRoot(bind.Target)))
            {
                throw new SetupFailedException(
                    $"image {image} has no {bind.Target} to mount {bind.Source} on, and its root is read-only; create that directory in the image, " +
                    "bind to a path the image has (host:/container), or give the agent a --work-dir under /tmp");
            }
        }
    }
}
