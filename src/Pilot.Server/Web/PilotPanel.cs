using Pilot.Contracts;

namespace Pilot.Server.Web;

/// <summary>A pilot with what its latest heartbeat said, as the web page shows it.</summary>
internal sealed record PilotPanel(PilotView Pilot, double? WalltimeLeftSeconds, int? RunningPayloads, double? HeartbeatAgeSeconds);
