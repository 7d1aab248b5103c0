using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Pilot.Contracts;
using Pilot.Core.Specs;
using Pilot.Server.Storage;

namespace Pilot.Server.Submission;

/// <summary>
/// A checked <see cref="JobBatch"/>: its group, its size within the limit, and its jobs one by one, expanded only as
/// they are inserted (a 200 000-entry array is never 200 000 specs in memory at once).
/// </summary>
internal sealed record BatchPlan(string Group, string? IdempotencyKey, string RequestHash, long Count, Func<IEnumerable<(long Index, JobSpec Spec)>> Jobs)
{
    /// <summary>The environment variables that tell a job of a batch which entry it is.</summary>
    public const string IndexVariable = "PILOT_ARRAY_INDEX";

    public const string EntryVariable = "PILOT_ARRAY_ENTRY";

    /// <summary>One entry (a line of <c>--each-line</c>) is a value for the environment, not a file.</summary>
    public const int MaxEntryLength = 32 * 1024;

    private const int MaxGroupLength = 200;

    public static BatchPlan Of(JobBatch batch, JobSpecValidator validator, int maxJobs)
    {
        var forms = (batch.Array is null ? 0 : 1) + (batch.Entries is null ? 0 : 1) + (batch.Jobs is null ? 0 : 1);
        if (forms != 1)
        {
            throw new BadHttpRequestException("a batch gives exactly one of: array (with a template), entries (with a template), jobs");
        }

        if (batch.Group is { } named && (named.Length is 0 or > MaxGroupLength || named.Any(char.IsControl)))
        {
            throw new BadHttpRequestException($"group must be 1 to {MaxGroupLength} printable characters");
        }

        var group = batch.Group ?? $"batch-{Guid.NewGuid().ToString("N")[..8]}";
        var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(batch with { IdempotencyKey = null }, PilotJson.Options)));
        if (batch.Jobs is { } jobs)
        {
            if (batch.Template is not null)
            {
                throw new BadHttpRequestException("a batch of jobs takes no template: each element is a whole job spec");
            }

            EnsureSize(jobs.Count, maxJobs);
            for (var i = 0; i < jobs.Count; i++)
            {
                Validate(jobs[i], validator, $"jobs[{i}]");
            }

            return new BatchPlan(group, batch.IdempotencyKey, hash, jobs.Count, () => jobs.Select((spec, i) => ((long)i + 1, InGroup(spec, group, null, spec.Name))));
        }

        var template = batch.Template ?? throw new BadHttpRequestException("an array or entries batch needs a template: the job spec each entry runs");
        Validate(template, validator, "template");
        var name = template.Name ?? (template.Command.Count > 0 ? Path.GetFileName(template.Command[0]) : "job");
        if (batch.Array is { } range)
        {
            if (range.First < 0 || range.Last < range.First)
            {
                throw new BadHttpRequestException(
                    $"array {range.First}-{range.Last} is not a range: write FIRST-LAST with 0 <= FIRST <= LAST, e.g. 1-10000");
            }

            // Checked before the count is taken: 0-9223372036854775807 must not overflow into a small number.
            EnsureSize(range.Last - range.First >= maxJobs ? (long)maxJobs + 1 : range.Count, maxJobs);
            return new BatchPlan(group, batch.IdempotencyKey, hash, range.Count, () => Indices(range).Select(i =>
                (i, InGroup(template, group, new Dictionary<string, string> { [IndexVariable] = Text(i) }, $"{name}[{Text(i)}]"))));
        }

        var entries = batch.Entries!;
        EnsureSize(entries.Count, maxJobs);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not { Length: <= MaxEntryLength })
            {
                throw new BadHttpRequestException($"entry {i + 1} is null or longer than {MaxEntryLength} characters; an entry is one line of text");
            }
        }

        return new BatchPlan(group, batch.IdempotencyKey, hash, entries.Count, () => entries.Select((entry, i) =>
            ((long)i + 1, InGroup(template, group, new Dictionary<string, string> { [IndexVariable] = Text(i + 1), [EntryVariable] = entry }, $"{name}[{Text(i + 1)}]"))));
    }

    private static IEnumerable<long> Indices(ArrayRange range)
    {
        for (var i = range.First; i <= range.Last; i++)
        {
            yield return i;
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void EnsureSize(long count, int maxJobs)
    {
        if (count == 0)
        {
            throw new BadHttpRequestException("the batch has no jobs: give at least one entry");
        }

        if (count > maxJobs)
        {
            throw new BadHttpRequestException(
                $"the batch has {(count > maxJobs + 1L ? count.ToString(CultureInfo.InvariantCulture) : "more than " + maxJobs)} jobs but a batch holds at most {maxJobs} (Pilot:Server:MaxJobsPerBatch); split it into several");
        }
    }

    private static void Validate(JobSpec spec, JobSpecValidator validator, string where)
    {
        try
        {
            validator.ThrowIfInvalid(spec);
        }
        catch (JobSpecException e)
        {
            throw new JobSpecException([.. e.Errors.Select(error => error with { Field = $"{where}.{error.Field}" })]);
        }

        if (spec.AfterOk is { Count: > 0 } || spec.AfterAny is { Count: > 0 })
        {
            throw new BadHttpRequestException($"{where}: jobs of a batch cannot run after other jobs (after_ok, after_any); submit such a job on its own");
        }
    }

    private static JobSpec InGroup(JobSpec spec, string group, Dictionary<string, string>? variables, string? name)
    {
        var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>()) { [JobSpec.GroupLabel] = group };
        var environment = spec.Environment;
        if (variables is not null)
        {
            foreach (var (key, value) in spec.Environment ?? new Dictionary<string, string>())
            {
                variables.TryAdd(key, value);
            }

            environment = variables;
        }

        return spec with { Name = name, Labels = labels, Environment = environment, IdempotencyKey = null };
    }
}
