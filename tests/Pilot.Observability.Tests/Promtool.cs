using CliWrap;
using CliWrap.Buffered;
using Pilot.Testing;

namespace Pilot.Observability.Tests;

/// <summary>Prometheus' own linter for expositions: names, units, help and types.</summary>
internal static class Promtool
{
    public static async Task<BufferedCommandResult> CheckMetricsAsync(string exposition) =>
        await CliWrap.Cli.Wrap(Requirements.Command("promtool"))
            .WithArguments(["check", "metrics"])
            .WithStandardInputPipe(PipeSource.FromString(exposition))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
}
