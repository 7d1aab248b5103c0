using System.CommandLine;
using Pilot.Cli.Output;
using Pilot.Contracts;
using Pilot.Core.Sweeps;

namespace Pilot.Cli.Commands;

/// <summary>
/// <c>pilot submit --sweep</c>: one job per combination, all in one group. Each job carries the key
/// <c>GROUP/N</c>, so running the same command again with <c>--group</c> fills in what a broken connection missed
/// instead of submitting twice.
/// </summary>
internal static class SweepSubmission
{
    public static async Task<int> RunAsync(ParseResult parse, IPilotApi api, JobSpec template, string[] parameters, bool wait, CancellationToken cancellationToken)
    {
        Sweep sweep;
        try
        {
            sweep = Sweep.Parse(parameters);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message);
        }

        var group = template.Labels?.GetValueOrDefault(JobSpec.GroupLabel) ?? $"sweep-{Guid.NewGuid().ToString("N")[..8]}";
        var baseName = template.Name ?? (template.Command.Count > 0 ? Path.GetFileName(template.Command[0]) : "sweep");
        var jobs = new List<JobView>();
        var index = 0;
        foreach (var point in sweep.Points())
        {
            var environment = new Dictionary<string, string>(template.Environment ?? new Dictionary<string, string>());
            foreach (var (name, value) in point)
            {
                environment[name] = value;
            }

            jobs.Add(await api.SubmitAsync(
                template with
                {
                    Name = Sweep.NameOf(baseName, point),
                    Environment = environment,
                    Labels = SubmitCommand.WithGroup(template.Labels, group),
                    IdempotencyKey = $"{group}/{index++}",
                },
                cancellationToken));
        }

        if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
        {
            Printer.Json(new { group, jobs });
        }
        else
        {
            Console.WriteLine($"group {group}: {jobs.Count} jobs ({jobs[0].Id}..{jobs[^1].Id}); watch with 'pilot group {group}', cancel with 'pilot cancel --group {group}'");
        }

        return wait ? await GroupCommand.WaitAsync(api, group, TimeProvider.System, cancellationToken) : 0;
    }
}
