using System.Collections;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// What kills the payloads of a pilot that is killed outright (<c>kill -9</c>, out of memory): a shell started once, in
/// its own session, that blocks reading a pipe only the pilot holds open. When the pilot dies the pipe closes, and the
/// guardian kills every process carrying this pilot's marker, escaped daemons included, then exits.
/// </summary>
internal static class PayloadGuardian
{
    public const string MarkerVariable = "PILOT_AGENT_MARKER";

    /// <summary>Reads until end of file, then kills the processes whose environment holds <c>$1</c>; a few rounds catch what forks meanwhile.</summary>
    private const string Script =
        """
        read -r _
        for round in 1 2 3; do
          for f in $(grep -lzx -- "$1" /proc/[0-9]*/environ 2>/dev/null); do p=${f#/proc/}; kill -9 "${p%/environ}" 2>/dev/null; done
        done
        """;

    /// <summary>The marker every payload of this pilot carries, as <c>PILOT_AGENT_MARKER=…</c>.</summary>
    public static string Marker { get; } = $"{Guid.NewGuid():N}";

    /// <summary>The pilot's own environment, which payloads inherit (taken once: the pilot never changes it).</summary>
    public static IReadOnlyDictionary<string, string> PilotEnvironment { get; } = Start();

    private static Dictionary<string, string> Start()
    {
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => (string)e.Key is not (MarkerVariable or MarkerSweeper.MarkerVariable))
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
        var (read, write) = PosixSpawn.Pipe();

        // The write end stays open, unused, for the pilot's whole life: its close is the signal.
        _ = write;
        try
        {
            PosixSpawn.Start("/bin/sh", ["-c", Script, "pilot-guardian", $"{MarkerVariable}={Marker}"], environment.Select(e => $"{e.Key}={e.Value}"), "/", read, -1);
        }
        finally
        {
            PosixSpawn.Close(read);
        }

        return environment;
    }
}
