using Pilot.Contracts;
using Pilot.Runtimes.Execution;

namespace Pilot.Agent.Supervision;

/// <summary>An attempt this pilot is running: its lease, its stop handle, and the task that ends when it is reported.</summary>
internal sealed record RunningPayload(LeasedJob Job, PayloadControl Control, Task Completion);
