namespace Pilot.Slurm;

/// <summary>A Slurm command could not run or said no; the message names the command and what Slurm answered.</summary>
public sealed class SlurmException(string message, SlurmCommand command, Exception? inner = null) : Exception(message, inner)
{
    public SlurmCommand Command { get; } = command;
}
