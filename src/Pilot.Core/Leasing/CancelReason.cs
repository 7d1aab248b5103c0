namespace Pilot.Core.Leasing;

/// <summary>The words for a job its owner cancelled: in the job's reason and in the stop order its pilot gets.</summary>
public static class CancelReason
{
    public const string ByOwner = "cancelled by its owner";

    public const string BeforeStart = ByOwner + " before it started";

    public const string WhileRunning = ByOwner + " while running; its pilot is stopping the payload";

    public const string StopOrder = "the job was " + ByOwner;

    public const string StopOrderWithGrace = StopOrder + "; it may finish within its grace period";
}
