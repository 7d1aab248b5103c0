using System.Diagnostics;
using System.Formats.Tar;

namespace Pilot.Testing;

/// <summary>A container image of about 1 MB for real container tests: busybox-static and its applets in a root filesystem directory.</summary>
public static class BusyboxRootfs
{
    private static readonly string[] Applets = ["sh", "echo", "cat", "sleep", "ls", "id", "pwd", "env", "printenv", "true", "false", "ps"];
    private static readonly string[] Directories = ["bin", "dev", "proc", "sys", "tmp", "etc", "home", "root", "mnt"];

    /// <summary>Builds the root filesystem in <paramref name="directory"/>, readable by every user.</summary>
    public static string Create(string directory)
    {
        var busybox = Requirements.Command("busybox", "scripts/install-deps.sh installs busybox-static");
        foreach (var sub in Directories)
        {
            Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        File.Copy(busybox, Path.Combine(directory, "bin", "busybox"), overwrite: true);
        foreach (var applet in Applets)
        {
            File.CreateSymbolicLink(Path.Combine(directory, "bin", applet), "busybox");
        }

        File.WriteAllText(Path.Combine(directory, "etc", "passwd"), string.Empty);
        File.WriteAllText(Path.Combine(directory, "etc", "group"), string.Empty);
        Share(directory);
        return directory;
    }

    /// <summary>The same root filesystem as a tarball, the way an image is often shipped to nodes.</summary>
    public static string CreateTarball(string rootfs, string tarball)
    {
        TarFile.CreateFromDirectory(rootfs, tarball, includeBaseDirectory: false);
        File.SetUnixFileMode(tarball, (UnixFileMode)0b110_100_100);
        return tarball;
    }

    /// <summary>The same root filesystem as a SquashFS file, the form HPC sites keep images in.</summary>
    public static string CreateSquashFs(string rootfs, string file)
    {
        var mksquashfs = Requirements.Command("mksquashfs", "scripts/install-deps.sh installs squashfs-tools");
        using var process = Process.Start(new ProcessStartInfo(mksquashfs, [rootfs, file, "-noappend", "-quiet", "-no-progress"]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"mksquashfs {rootfs} {file}");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        return file;
    }

    /// <summary>Opens <paramref name="path"/> and its parents up to / for reading by other users (tests run containers as one).</summary>
    public static void Share(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null && dir.FullName != "/"; dir = dir.Parent)
        {
            dir.UnixFileMode |= UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        }
    }
}
