using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pilot.Cli.Output;
using Pilot.Contracts;
using Pilot.Core.Sweeps;

namespace Pilot.Cli.Commands;

/// <summary>
/// <c>pilot submit --array 1-10000</c>, <c>--each-line FILE</c>, <c>--from-json FILE</c> and <c>--sweep</c>: many jobs
/// in one request and one transaction, all in one group. The request carries an idempotency key, so a retry after a
/// lost answer queues nothing twice.
/// </summary>
internal static class BatchSubmission
{
    public static async Task<int> RunAsync(ParseResult parse, IPilotApi api, JobBatch batch, bool wait, CancellationToken cancellationToken)
    {
        var submitted = await api.SubmitBatchAsync(batch with { IdempotencyKey = batch.IdempotencyKey ?? Guid.NewGuid().ToString("N") }, cancellationToken);
        if (parse.GetValue(GlobalOptions.Output) == OutputFormat.Json)
        {
            Printer.Json(submitted);
        }
        else
        {
            Console.WriteLine(
                $"group {submitted.Group}: {submitted.Count} jobs{(submitted.Created ? string.Empty : " (already submitted)")}; watch with 'pilot group {submitted.Group}', "
                + $"run failed entries again with 'pilot resubmit {submitted.Group} --failed'");
        }

        return wait ? await GroupCommand.WaitAsync(api, submitted.Group, TimeProvider.System, cancellationToken) : 0;
    }

    /// <summary><c>FIRST-LAST</c>, both included; a single number is an array of one.</summary>
    public static ArrayRange ParseArray(string text)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(parts.Length == 2 ? parts[1] : parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            throw new CliException($"--array '{text}' must look like FIRST-LAST with whole numbers, e.g. --array 1-10000");
        }

        return last >= first
            ? new ArrayRange(first, last)
            : throw new CliException($"--array {text} ends before it starts; write FIRST-LAST with FIRST <= LAST, e.g. --array 1-10000");
    }

    /// <summary>One entry per non-empty line of the file.</summary>
    public static IReadOnlyList<string> ReadLines(FileInfo file)
    {
        var lines = Read(file, "--each-line", File.ReadAllLines).Where(line => line.Length > 0).ToList();
        return lines.Count > 0 ? lines : throw new CliException($"--each-line file {file.FullName} has no lines: nothing to submit");
    }

    /// <summary>A JSON list of job specs, read as strictly as a spec file (an unknown field is an error).</summary>
    public static IReadOnlyList<JobSpec> ReadJobs(FileInfo file)
    {
        var text = Read(file, "--from-json", File.ReadAllText);
        List<JobSpec>? jobs;
        try
        {
            jobs = JsonSerializer.Deserialize<List<JobSpec>>(text, PilotJson.Strict);
        }
        catch (JsonException e)
        {
            throw new CliException($"--from-json file {file.FullName} is not a JSON list of job specs: {e.Message}");
        }

        return jobs is { Count: > 0 } ? jobs : throw new CliException($"--from-json file {file.FullName} holds no jobs: give a JSON list of job specs");
    }

    /// <summary>One job per combination of the sweep's values, each named after its point.</summary>
    public static IReadOnlyList<JobSpec> SweepJobs(JobSpec template, string[] parameters)
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

        var baseName = template.Name ?? (template.Command.Count > 0 ? Path.GetFileName(template.Command[0]) : "sweep");
        return sweep.Points().Select(point =>
        {
            var environment = new Dictionary<string, string>(template.Environment ?? new Dictionary<string, string>());
            foreach (var (name, value) in point)
            {
                environment[name] = value;
            }

            return template with { Name = Sweep.NameOf(baseName, point), Environment = environment, IdempotencyKey = null };
        }).ToList();
    }

    private static T Read<T>(FileInfo file, string option, Func<string, T> read)
    {
        try
        {
            return read(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {option} file {file.FullName}: {e.Message}");
        }
    }
}
