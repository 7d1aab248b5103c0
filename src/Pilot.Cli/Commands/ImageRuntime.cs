using Pilot.Core.Specs;

namespace Pilot.Cli.Commands;

/// <summary>Which runtime suits an image when the user gave only the image (the <c>pcontainer</c> shortcut).</summary>
internal static class ImageRuntime
{
    private static readonly string[] RootfsSuffixes = [".sqfs", ".squashfs", ".tar", ".tar.gz", ".tgz", ".tar.xz"];

    public static string Guess(string image) => image switch
    {
        _ when image.EndsWith(".sif", StringComparison.OrdinalIgnoreCase) => RuntimeNames.Apptainer,
        _ when RootfsSuffixes.Any(s => image.EndsWith(s, StringComparison.OrdinalIgnoreCase)) || Directory.Exists(image) => RuntimeNames.Charliecloud,
        _ => RuntimeNames.Apptainer,
    };
}
