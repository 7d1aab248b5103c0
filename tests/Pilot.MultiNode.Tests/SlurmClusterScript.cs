using System.Diagnostics;

namespace Pilot.MultiNode.Tests;

/// <summary>scripts/services/slurm-cluster.sh, which brings back whatever a test broke (a killed node, a cut link).</summary>
internal static class SlurmClusterScript
{
    public static async Task StartAsync()
    {
        var script = FindScript();
        using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{script}: {await output}{await errors}");
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "services", "slurm-cluster.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException($"scripts/services/slurm-cluster.sh above {AppContext.BaseDirectory}");
    }
}
