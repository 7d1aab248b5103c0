using Pilot.Slurm;
using Pilot.Slurm.Steps;

namespace Pilot.Runtimes;

/// <summary>The exact program, arguments and environment a runtime chose to start a payload.</summary>
public sealed record PayloadCommand(
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory)
{
    /// <summary>A command from its words (program first), as the runtimes' command-line builders produce them.</summary>
    public static PayloadCommand Of(IReadOnlyList<string> words, IReadOnlyDictionary<string, string> environment, string workingDirectory) =>
        new(words[0], words.Skip(1).ToList(), environment, workingDirectory);

    /// <summary>
    /// This command started as <paramref name="step"/> of Slurm batch job <paramref name="batchJobId"/>, with the
    /// step's variables where the job did not set its own.
    /// </summary>
    public PayloadCommand InStep(SrunStep step, string batchJobId)
    {
        var wrapped = step.Wrap(Program, Arguments);
        var environment = new Dictionary<string, string>(Environment) { ["SLURM_JOB_ID"] = batchJobId };
        foreach (var (name, value) in step.Environment)
        {
            environment.TryAdd(name, value);
        }

        return this with { Program = wrapped.Program, Arguments = wrapped.Arguments, Environment = environment };
    }

    public override string ToString() => string.Join(' ', Arguments.Prepend(Program).Select(ShellWord.Quote));
}
