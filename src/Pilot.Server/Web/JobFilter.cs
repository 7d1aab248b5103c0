using Pilot.Contracts;

namespace Pilot.Server.Web;

/// <summary>The web page's job filters beyond state: owner, and group (a sweep's or a user's <c>group</c> label).</summary>
internal sealed record JobFilter(string? Owner, string? Group)
{
    public bool IsEmpty => string.IsNullOrEmpty(Owner) && string.IsNullOrEmpty(Group);

    public bool Matches(JobView job) =>
        (string.IsNullOrEmpty(Owner) || string.Equals(job.Owner, Owner, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(Group) || (job.Spec.Labels?.TryGetValue(JobSpec.GroupLabel, out var group) == true && group == Group));
}
