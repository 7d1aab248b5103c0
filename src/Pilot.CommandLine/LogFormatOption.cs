using System.CommandLine;

namespace Pilot.CommandLine;

/// <summary>
/// <c>--log-format</c> for the daemons: simple lines for a terminal, one JSON object per line for log shippers, or
/// systemd's prefixed lines. Under systemd the hosts pick the systemd format by themselves.
/// </summary>
internal static class LogFormatOption
{
    public const string ConfigKey = "Logging:Console:FormatterName";

    public static Option<string?> Create()
    {
        var option = new Option<string?>("--log-format") { Description = "console log format: simple, json or systemd (default: systemd under systemd, else simple)" };
        option.AcceptOnlyFromAmong("simple", "json", "systemd");
        return option;
    }
}
