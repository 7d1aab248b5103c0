using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Pilot.Agent;
using Pilot.Cli.Demo;
using Pilot.Contracts;
using Pilot.Server;

namespace Pilot.Cli.Commands;

/// <summary>
/// <c>pilot demo</c>: a whole Pilot in one process on loopback. An embedded server and one agent run a handful of
/// payloads (success, failure, a sweep, a cancel) and the results table is printed.
/// </summary>
internal static class DemoCommand
{
    private static readonly IReadOnlyDictionary<string, string?> Quiet = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "None",
    };

    public static Command Create()
    {
        var keep = new Option<bool>("--keep") { Description = "keep the demo's data directory and print where it is" };
        var command = new Command("demo", "Run a server, an agent and demo payloads in this process, then print the results") { keep };
        command.SetAction(CliActions.Local(async (parse, cancellationToken) =>
        {
            var root = Directory.CreateTempSubdirectory("pilot-demo-").FullName;
            try
            {
                return await RunAsync(root, parse.GetValue(GlobalOptions.Output), cancellationToken);
            }
            finally
            {
                if (parse.GetValue(keep))
                {
                    Console.WriteLine($"demo data kept in {root}");
                }
                else
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }));
        return command;
    }

    private static async Task<int> RunAsync(string root, OutputFormat output, CancellationToken cancellationToken)
    {
        await using var server = PilotServerApp.Build(
            With(Quiet, new()
            {
                [$"{ServerOptions.SectionName}:DataDirectory"] = Path.Combine(root, "server"),
                [$"{ServerOptions.SectionName}:HeartbeatInterval"] = "00:00:01",
                [$"{ServerOptions.SectionName}:LeaseTtl"] = "00:00:15",
            }),
            "http://127.0.0.1:0");
        await server.StartAsync(cancellationToken);
        var url = server.Urls.First();
        var adminToken = PilotServerApp.AdminTokenPath(Path.Combine(root, "server"));
        Console.WriteLine($"Pilot server listening on {url} (data in {root})");

        using var agent = PilotAgentHost.Build(With(Quiet, new()
        {
            [$"{AgentOptions.SectionName}:Server"] = url,
            [$"{AgentOptions.SectionName}:TokenFile"] = adminToken,
            [$"{AgentOptions.SectionName}:WorkDirectory"] = Path.Combine(root, "agent"),
            [$"{AgentOptions.SectionName}:Cores"] = Math.Max(4, Environment.ProcessorCount).ToString(),
            [$"{AgentOptions.SectionName}:GracePeriod"] = "00:00:02",
            [$"{AgentOptions.SectionName}:LogShipInterval"] = "00:00:00.250",
        }));
        await agent.StartAsync(cancellationToken);
        Console.WriteLine($"Pilot agent started: {Math.Max(4, Environment.ProcessorCount)} cores offered");

        using var connection = new ServerConnection(url, (await File.ReadAllTextAsync(adminToken, cancellationToken)).Trim());
        var run = await DemoRun.SubmitAsync(connection.Api, cancellationToken);
        var results = await run.WatchAsync(connection.Api, cancellationToken);

        await agent.StopAsync(cancellationToken);
        await server.StopAsync(cancellationToken);
        return DemoReport.Print(run, results, output) ? 0 : 1;
    }

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> a, Dictionary<string, string?> b) =>
        a.Concat(b).ToDictionary();
}
