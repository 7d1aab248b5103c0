using Pilot.Contracts;

namespace Pilot.Server.Web;

/// <summary>A job with its attempts, as the web page shows it.</summary>
internal sealed record JobDetail(JobView Job, IReadOnlyList<AttemptView> Attempts);
