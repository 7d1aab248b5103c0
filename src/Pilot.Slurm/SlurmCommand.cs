namespace Pilot.Slurm;

/// <summary>One exact Slurm command line (program and arguments), as built by <see cref="SlurmCommands"/>.</summary>
public sealed record SlurmCommand(string Program, IReadOnlyList<string> Arguments)
{
    public override string ToString() => string.Join(' ', Arguments.Prepend(Program).Select(ShellWord.Quote));
}
