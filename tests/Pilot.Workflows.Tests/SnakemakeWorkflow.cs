using System.Text;

namespace Pilot.Workflows.Tests;

/// <summary>
/// A 30-rule Snakefile: a seed fans out to 12 parallel rules, each followed by its own rule, a wildcard rule fans out
/// three shards, a rule that fails on its first try (or always), and a gather and a report that need them all.
/// </summary>
internal static class SnakemakeWorkflow
{
    public const int Branches = 12;
    public const int Shards = 3;

    /// <summary>Every rule but <c>all</c>, which Snakemake runs locally: one Pilot job each, shards one each.</summary>
    public const int PilotJobs = 1 + Branches + Branches + Shards + 1 + 1 + 1;

    public static IEnumerable<string> Outputs =>
        new[] { "seed.txt", "flaky.txt", "final.txt", "report.txt" }
            .Concat(Enumerable.Range(1, Branches).SelectMany(i => new[] { $"a/{i:00}.txt", $"b/{i:00}.txt" }))
            .Concat(Enumerable.Range(1, Shards).Select(i => $"shards/{i}.txt"));

    /// <param name="flakyCommand">The shell command of rule <c>flaky</c>, e.g. <see cref="FailsOnce"/> or <see cref="AlwaysFails"/>.</param>
    /// <param name="branchSeconds">How long each second-stage rule sleeps, to keep work in flight.</param>
    public static void Write(string directory, string flakyCommand, int branchSeconds = 0)
    {
        var text = new StringBuilder();
        text.AppendLine($$"""
            localrules: all
            BRANCHES = ["{{string.Join("\", \"", Enumerable.Range(1, Branches).Select(i => $"{i:00}"))}}"]

            rule all:
                input: "report.txt"

            rule seed:
                output: "seed.txt"
                shell: "echo seed > {output}"

            rule shard:
                input: "seed.txt"
                output: "shards/{i}.txt"
                threads: 1
                resources: mem_mb=64, runtime=10
                shell: "echo shard {wildcards.i} > {output}"

            rule flaky:
                input: "b/01.txt"
                output: "flaky.txt"
                shell: "{{flakyCommand}}"

            rule gather:
                input: expand("b/{n}.txt", n=BRANCHES), expand("shards/{i}.txt", i=range(1, {{Shards + 1}})), "flaky.txt"
                output: "final.txt"
                shell: "cat {input} > {output}"

            rule report:
                input: "final.txt"
                output: "report.txt"
                shell: "wc -l < {input} > {output}"
            """);
        for (var i = 1; i <= Branches; i++)
        {
            text.AppendLine($$"""

                rule a_{{i:00}}:
                    input: "seed.txt"
                    output: "a/{{i:00}}.txt"
                    shell: "echo a {{i}} > {output}"

                rule b_{{i:00}}:
                    input: "a/{{i:00}}.txt"
                    output: "b/{{i:00}}.txt"
                    threads: 1
                    resources: runtime=5
                    shell: "sleep {{branchSeconds}}; cat {input} > {output}"
                """);
        }

        File.WriteAllText(Path.Combine(directory, "Snakefile"), text.ToString());
    }

    /// <summary>Fails the first time (leaving a marker), succeeds when Snakemake retries it.</summary>
    public const string FailsOnce = "if [ -e flaky.tried ]; then echo second try > {output}; else touch flaky.tried; echo first try fails >&2; exit 1; fi";

    public const string AlwaysFails = "echo this payload always fails >&2; exit 7";
}
