using Pilot.Slurm.Submission;

namespace Pilot.Slurm.Tests.Commands;

[TestFixture]
public sealed class PilotJobScriptTests
{
    private static PilotBatchJob Job() => new()
    {
        Time = TimeSpan.FromHours(2),
        Server = "https://queue.example.org",
        Partition = "gpu",
        Account = "physics",
        Nodes = 2,
        Cores = 16,
        MemoryMb = 64000,
        Gpus = 4,
        SignalLead = TimeSpan.FromMinutes(5),
        TokenFile = "/home/alice/.pilot/token",
        PilotCommand = ["dotnet", "/opt/pilot/pilot.dll"],
        AgentArguments = ["--idle-timeout", "10m"],
    };

    [Test]
    public void Render_AllOptions_AsSbatchLines()
    {
        var script = PilotJobScript.Render(Job());

        Assert.That(script, Does.StartWith("#!/bin/bash\n"));
        Assert.That(script, Does.Contain(
            "#SBATCH --partition=gpu\n#SBATCH --account=physics\n#SBATCH --time=02:00:00\n#SBATCH --nodes=2\n#SBATCH --ntasks-per-node=1\n#SBATCH --no-kill\n" +
            "#SBATCH --cpus-per-task=16\n#SBATCH --mem=64000M\n#SBATCH --gpus-per-node=4\n"));
        Assert.That(script, Does.Contain("#SBATCH --signal=B:USR1@300\n"));
    }

    [Test]
    public void Render_ExecsTheAgentWithServerTokenAndFallbackWalltime()
    {
        var script = PilotJobScript.Render(Job());

        Assert.That(script, Does.Contain(
            "exec dotnet /opt/pilot/pilot.dll agent --server https://queue.example.org --work-dir \"${TMPDIR:-/tmp}/pilot-$SLURM_JOB_ID\" " +
            "--token-file /home/alice/.pilot/token --walltime 02:00:00 --signal-lead 300s --remove-work-dir --idle-timeout 10m\n"));
    }

    [Test]
    public void Render_OptionalValuesUnset_LeavesTheirLinesOut()
    {
        var script = PilotJobScript.Render(new PilotBatchJob { Time = TimeSpan.FromMinutes(30), Server = "http://q:8080" });

        Assert.That(script, Does.Not.Contain("--partition").And.Not.Contain("--account").And.Not.Contain("--mem=").And.Not.Contain("--gpus").And.Not.Contain("--token-file"));
    }

    [Test]
    public void Render_ArgumentWithSpaces_IsQuotedForTheShell()
    {
        var script = PilotJobScript.Render(Job() with { AgentArguments = ["--site", "cluster a \"east\""] });

        Assert.That(script, Does.Contain("--site \"cluster a \\\"east\\\"\""));
    }

    [Test]
    public void Render_SignalLeadNotShorterThanTime_SaysWhy()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PilotJobScript.Render(Job() with { Time = TimeSpan.FromMinutes(2), SignalLead = TimeSpan.FromMinutes(2) }));

        Assert.That(error!.Message, Does.Contain("signal lead (120 s) must be shorter than the time limit (00:02:00)"));
    }

    [Test]
    public void Render_SiteTemplateWithUnknownPlaceholder_NamesIt()
    {
        var error = Assert.Throws<FormatException>(() => PilotJobScript.Render(Job(), "#!/bin/sh\n{{queue_name}}\n"));

        Assert.That(error!.Message, Does.Contain("{{queue_name}}"));
    }

    [Test]
    public void Render_SiteTemplate_FillsItsPlaceholders()
    {
        var script = PilotJobScript.Render(Job(), "#!/bin/sh\n#SBATCH --job-name={{job_name}}\nmodule load dotnet\nexec {{pilot}} agent --server {{server}}\n");

        Assert.That(script, Is.EqualTo("#!/bin/sh\n#SBATCH --job-name=pilot\nmodule load dotnet\nexec dotnet /opt/pilot/pilot.dll agent --server https://queue.example.org\n"));
    }
}
