using System.Text.Json.Serialization;

namespace Pilot.Contracts;

/// <summary>
/// Compile-time JSON metadata for every contract type, so a client with no reflection (the Native AOT agent) reads and
/// writes the API. Naming, null handling and enums come from <see cref="PilotJson"/>'s options, not from here.
/// </summary>
[JsonSerializable(typeof(AttemptReport))]
[JsonSerializable(typeof(IReadOnlyList<AttemptView>))]
[JsonSerializable(typeof(BatchSubmitted))]
[JsonSerializable(typeof(GroupEntryPage))]
[JsonSerializable(typeof(GroupView))]
[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(InteractiveView))]
[JsonSerializable(typeof(JobBatch))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(JobSpec))]
[JsonSerializable(typeof(List<JobSpec>))]
[JsonSerializable(typeof(JobStatuses))]
[JsonSerializable(typeof(JobStatusQuery))]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(LeaseRef))]
[JsonSerializable(typeof(LeaseReport))]
[JsonSerializable(typeof(LeaseRequest))]
[JsonSerializable(typeof(LeaseResponse))]
[JsonSerializable(typeof(LeasedJob))]
[JsonSerializable(typeof(PilotRegistered))]
[JsonSerializable(typeof(PilotRegistration))]
[JsonSerializable(typeof(PilotView))]
[JsonSerializable(typeof(IReadOnlyList<PilotView>))]
[JsonSerializable(typeof(IReadOnlyList<ProvisionedPilotView>))]
[JsonSerializable(typeof(ReportReceipt))]
[JsonSerializable(typeof(Resubmission))]
[JsonSerializable(typeof(TokenCreated))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(IReadOnlyList<TokenView>))]
[JsonSerializable(typeof(WorkRequest))]
[JsonSerializable(typeof(WorkResponse))]
public sealed partial class PilotJsonContext : JsonSerializerContext;
