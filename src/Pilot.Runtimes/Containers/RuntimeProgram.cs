using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;
using Pilot.Runtimes.Process;

namespace Pilot.Runtimes.Containers;

/// <summary>
/// The program a container runtime is driven through (<c>ch-run</c>, <c>apptainer</c>, ...): its probe and its presence.
/// Without version arguments the probe only looks the program up on PATH (for CLIs with no harmless version command).
/// </summary>
public sealed record RuntimeProgram(string Runtime, string Program, params string[] VersionArguments)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Runs the version command; the first line it prints (on stdout or stderr) is the version.</summary>
    public async Task<RuntimeAvailability> ProbeAsync(CancellationToken cancellationToken)
    {
        if (VersionArguments.Length == 0)
        {
            return ExecutableSearch.Find(Program, Environment.GetEnvironmentVariable("PATH") ?? string.Empty, Environment.CurrentDirectory) is { } found
                ? new RuntimeAvailability(Runtime, true, found)
                : new RuntimeAvailability(Runtime, false, null, $"{Program} is not installed (not on PATH)");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            var result = await Cli.Wrap(Program).WithArguments(VersionArguments)
                .WithEnvironmentVariables(env => env.Set("USER", Environment.GetEnvironmentVariable("USER") ?? Environment.UserName))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token);
            var version = FirstLine(result.StandardOutput) ?? FirstLine(result.StandardError);
            return result.ExitCode == 0
                ? new RuntimeAvailability(Runtime, true, version)
                : new RuntimeAvailability(Runtime, false, null, $"'{Program} {string.Join(' ', VersionArguments)}' exited with {result.ExitCode}: {version}");
        }
        catch (Win32Exception)
        {
            return new RuntimeAvailability(Runtime, false, null, $"{Program} is not installed (not on PATH)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RuntimeAvailability(Runtime, false, null, $"'{Program} {string.Join(' ', VersionArguments)}' did not answer within {ProbeTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>A missing program is a setup failure that names it, not a payload exiting 127.</summary>
    public void Require(PayloadLaunch launch)
    {
        var path = launch.Environment.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (ExecutableSearch.Find(Program, path, launch.WorkingDirectory) is null)
        {
            throw new SetupFailedException($"the {Runtime} runtime needs '{Program}', which is not installed on this node (PATH={path}); install it or run the job elsewhere");
        }
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
