using Pilot.Contracts;

namespace Pilot.Server.Storage;

/// <summary>
/// An exchange's answer as kept with its pilot for a replay: everything but the granted jobs' specs, which are read
/// back from their leases (the answer stays small however many jobs it granted).
/// </summary>
internal sealed record StoredAnswer(
    IReadOnlyList<ReportReceipt> Reports, IReadOnlyList<LeaseRenewal> Renewed, IReadOnlyList<string> Leases, IReadOnlyList<PilotCommand> Commands);
