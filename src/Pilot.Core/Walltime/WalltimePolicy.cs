namespace Pilot.Core.Walltime;

/// <summary>How a pilot plans its end: what it needs to leave cleanly and how long the jobs it accepts may be.</summary>
/// <param name="Grace">Between SIGTERM and SIGKILL of evicted payloads.</param>
/// <param name="ReportMargin">Time to report evicted jobs and exit after the grace period.</param>
/// <param name="MaxJobLength">The longest job this pilot accepts; it retires that long before it must die. Null: retire at the die time.</param>
/// <param name="Spread">Most a deadline is moved earlier at random, so pilots started together do not all leave at once.</param>
/// <param name="SignalLead">How long before the end the batch system sends its warning signal (Slurm's <c>--signal=B:USR1@N</c>); null when none is set.</param>
public sealed record WalltimePolicy(TimeSpan Grace, TimeSpan ReportMargin, TimeSpan? MaxJobLength, TimeSpan Spread, TimeSpan? SignalLead = null)
{
    /// <summary>Slurm may send the <c>--signal</c> warning up to this much earlier than asked.</summary>
    public static readonly TimeSpan SignalEarliness = TimeSpan.FromSeconds(60);
}
