using System.ComponentModel;
using System.Text;
using CliWrap;

namespace Pilot.Slurm;

/// <summary>Runs Slurm's client commands through CliWrap, with a time limit, and turns failures into one clear message.</summary>
/// <param name="binDirectory">Where Slurm's commands are; null finds them on PATH.</param>
public sealed class SlurmCli(string? binDirectory = null, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);

    /// <summary>Standard output of <paramref name="command"/>; throws <see cref="SlurmException"/> when it is missing, fails or hangs.</summary>
    public async Task<string> RunAsync(SlurmCommand command, CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        try
        {
            var result = await Cli.Wrap(binDirectory is null ? command.Program : Path.Combine(binDirectory, command.Program))
                .WithArguments(command.Arguments)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(limit.Token);
            if (result.ExitCode != 0)
            {
                var said = stderr.ToString().Trim() is { Length: > 0 } error ? error : stdout.ToString().Trim();
                throw new SlurmException($"'{command}' failed with exit code {result.ExitCode}: {said}", command);
            }

            return stdout.ToString();
        }
        catch (Win32Exception e)
        {
            throw new SlurmException($"'{command.Program}' is not installed or not on PATH ({e.Message}); is this a Slurm node?", command, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlurmException($"'{command}' did not answer within {_timeout.TotalSeconds:0} s; is slurmctld up?", command, e);
        }
    }
}
