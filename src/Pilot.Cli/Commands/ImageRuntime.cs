namespace Pilot.Cli.Commands;

/// <summary>Which runtime suits an image when the user gave only the image (the <c>pcontainer</c> shortcut).</summary>
internal static class ImageRuntime
{
    public static string Guess(string image) => image switch
    {
        _ when image.EndsWith(".sif", StringComparison.OrdinalIgnoreCase) => "apptainer",
        _ when image.EndsWith(".sqfs", StringComparison.OrdinalIgnoreCase) || Directory.Exists(image) => "charliecloud",
        _ => "apptainer",
    };
}
