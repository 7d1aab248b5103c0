using System.CommandLine;
using Pilot.Bench.Comparison;
using Pilot.Slurm;
using Pilot.Testing;

namespace Pilot.Bench.Slurm;

/// <summary>
/// <c>bench slurm</c>: pilots as a site runs them on the local Slurm (scripts/services/slurm.sh), rendered by
/// <c>PilotJobScript</c> and submitted as <c>pilotuser</c>: sbatch to registration and first payload, a few times, then
/// eviction by the site signal with payloads running. Loopback only; every pilot job is cancelled at the end.
/// </summary>
internal static class SlurmBenchmark
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(15);

    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "pilot jobs submitted one after another for the start-up times (1..20)", DefaultValueFactory = _ => 3 };
        var payloads = new Option<int>("--payloads") { Description = "payloads running in the pilot job when it is signalled (1..64)", DefaultValueFactory = _ => 4 };
        var command = new Command("slurm", "On the local Slurm: sbatch → pilot registered → first payload; site signal → payloads evicted") { runs, payloads };
        command.SetAction((parse, cancellationToken) => RunAsync(Math.Clamp(parse.GetValue(runs), 1, 20), Math.Clamp(parse.GetValue(payloads), 1, 64), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int runs, int payloads, CancellationToken cancellationToken)
    {
        var cli = new SlurmCli();
        if (await MissingAsync(cli, cancellationToken) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return 1;
        }

        OrdinaryUser.Require();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(Bound);
        using var data = new TemporaryDirectory();
        await using var server = await PilotServerProcess.StartAsync(data.Path);
        await using var slurm = new SlurmPilots();

        // The first use copies the build where pilotuser can read it; no clock may run meanwhile.
        _ = SlurmPilots.Payload();
        try
        {
            var startups = new List<StartupSample>();
            for (var i = 0; i < runs; i++)
            {
                startups.Add(await PilotStartup.MeasureAsync(server, slurm, bound.Token));
            }

            var eviction = await SlurmEviction.MeasureAsync(server, slurm, payloads, bound.Token);
            var version = (await cli.RunAsync(new SlurmCommand("sinfo", ["--version"]), bound.Token)).Trim();
            SlurmTables.Print(version, startups, eviction);
            return startups.All(s => s.SlurmEnd == "COMPLETED") && eviction.Evicted == payloads && eviction.SlurmEnd == "COMPLETED" && eviction.LeftAtEnd == 0 ? 0 : 1;
        }
        catch (Exception)
        {
            foreach (var jobId in slurm.JobIds)
            {
                var tail = slurm.OutputOf(jobId).Split('\n').TakeLast(30);
                await Console.Error.WriteLineAsync($"--- last lines of pilot job {jobId} ---\n{string.Join('\n', tail)}");
            }

            throw;
        }
    }

    private static async Task<string?> MissingAsync(SlurmCli cli, CancellationToken cancellationToken)
    {
        if (!Baselines.Has("sbatch"))
        {
            return "slurm: sbatch not found: run scripts/services/slurm.sh (as root) to start the local Slurm";
        }

        if (Environment.UserName != "root")
        {
            return $"slurm: run as root: pilot jobs are submitted as the ordinary user {SlurmPilots.User} through su";
        }

        try
        {
            await cli.RunAsync(new SlurmCommand("sinfo", ["-h", "-o", "%T"]), cancellationToken);
            return null;
        }
        catch (SlurmException e)
        {
            return $"slurm: Slurm does not answer ({e.Message}): run scripts/services/slurm.sh (as root)";
        }
    }
}
