using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

namespace Pilot.Runtimes.Containers;

/// <summary>One external command that prepares an image (unpack, pull); its failure is a setup failure carrying what it said.</summary>
internal static class PreparationStep
{
    private const int MaxErrorChars = 500;

    public static async Task RunAsync(string what, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap(program).WithArguments(arguments)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
        }
        catch (Win32Exception)
        {
            throw new SetupFailedException($"cannot {what}: '{program}' is not installed on this node");
        }

        if (result.ExitCode != 0)
        {
            var said = (result.StandardError.Trim() is { Length: > 0 } error ? error : result.StandardOutput.Trim()).ReplaceLineEndings(" ");
            throw new SetupFailedException($"cannot {what}: {program} exited with {result.ExitCode}: {said[..Math.Min(said.Length, MaxErrorChars)]}");
        }
    }
}
