using Pilot.Testing;

namespace Pilot.EndToEnd.Tests;

/// <summary>The <c>pilot</c> command answers bad input with one clear line and a non-zero exit code, never a stack trace.</summary>
[TestFixture]
[Category("E2E")]
public sealed class CliBadInputTests
{
    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [TestCase("5-1", "ends before it starts")]
    [TestCase("a-b", "must look like FIRST-LAST")]
    public async Task Submit_BadArray_SaysHowToWriteIt(string range, string expected)
    {
        var (code, output) = await PilotAsync("submit", "--array", range, "--", "echo", "hi");

        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain(expected));
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task Submit_EachLineOfAMissingOrEmptyFile_SaysWhichAndWhy()
    {
        var empty = _directory.Sub("empty.txt");
        await File.WriteAllTextAsync(empty, "\n\n");

        var (missingCode, missing) = await PilotAsync("submit", "--each-line", _directory.Sub("none.txt"), "--", "echo", "hi");
        var (emptyCode, emptied) = await PilotAsync("submit", "--each-line", empty, "--", "echo", "hi");

        Assert.That(missingCode, Is.Not.Zero);
        Assert.That(missing, Does.Contain("cannot read --each-line file").And.Contain("none.txt"));
        Assert.That(emptyCode, Is.Not.Zero);
        Assert.That(emptied, Does.Contain("has no lines"));
        AssertNoStackTrace(missing + emptied);
    }

    [Test]
    public async Task Submit_FromJsonThatIsNotAList_SaysSo()
    {
        var file = _directory.Sub("jobs.json");
        await File.WriteAllTextAsync(file, """{"command": ["echo"]}""");

        var (code, output) = await PilotAsync("submit", "--from-json", file);

        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("is not a JSON list of job specs"));
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task Submit_NegativeCores_NamesTheField()
    {
        var (code, output) = await PilotAsync("submit", "--cores", "-1", "--", "echo", "hi");

        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("resources.cores: must be between 1 and"));
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task Submit_MalformedYamlFile_SaysItIsNotYaml()
    {
        var file = _directory.Sub("bad.yaml");
        await File.WriteAllTextAsync(file, "command: [echo, hi\nresources: {cores: 2");

        var (code, output) = await PilotAsync("submit", "-f", file);

        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("is not valid YAML"));
        AssertNoStackTrace(output);
    }

    [TestCase("command: [echo, hi]\n? [x, y]\n: 1\n", "key that is not a plain name (line 2")]
    [TestCase("command: [echo, &a hi]\nname: *a\n", "anchors and aliases are not accepted")]
    public async Task Submit_HostileYamlFile_SaysWhatIsRefusedInOneLine(string yaml, string problem)
    {
        var file = _directory.Sub("hostile.yaml");
        await File.WriteAllTextAsync(file, yaml);

        var (code, output) = await PilotAsync("submit", "-f", file);

        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain(problem));
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1), output);
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task Submit_MistypedOptionBeforeDashes_IsAnErrorNamingTheClosestOption()
    {
        var (code, output) = await PilotAsync("submit", "--memory", "400", "--walltime", "2m", "--name", "mistyped", "--", "sh", "-c", "true");
        var (_, jobs) = await PilotAsync("jobs", "--output", "json");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output.Trim(), Does.StartWith("pilot: unknown option '--memory' for 'pilot submit'; did you mean '--memory-mb'?"));
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1), output);
        Assert.That(jobs, Does.Not.Contain("mistyped"), "nothing was submitted");
    }

    [Test]
    public async Task Submit_OptionLikeWordsAfterDashes_AreTheCommands()
    {
        var (code, output) = await PilotAsync("submit", "--output", "json", "--", "sh", "-c", "echo $0", "--memory");

        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("\"--memory\""));
    }

    [TestCase("frobnicate", "'frobnicate' is not a 'pilot' command; 'pilot --help' lists the commands")]
    [TestCase("submt", "'submt' is not a 'pilot' command; did you mean 'submit'? 'pilot --help' lists the commands")]
    public async Task UnknownVerb_SaysSoInOneLineWithTheClosestVerb(string verb, string expected)
    {
        var (code, output) = await PilotAsync(verb, "--", "x");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output.Trim(), Is.EqualTo("pilot: " + expected));
    }

    [Test]
    public async Task Submit_UnknownFieldInFile_NamesItAndTheAllowedFields()
    {
        var file = _directory.Sub("typo.json");
        await File.WriteAllTextAsync(file, """{"command": ["echo"], "resources": {"cpus": 4}}""");

        var (code, output) = await PilotAsync("submit", "-f", file);

        Assert.That(code, Is.Not.Zero);
        Assert.That(output, Does.Contain("resources.cpus: is not a known field; allowed fields: cores"));
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task Submit_NothingToRun_SaysHowToGiveACommand()
    {
        var (code, output) = await PilotAsync("submit");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("pilot submit -- echo hello"));
    }

    [Test]
    public async Task Job_UnknownId_SaysItDoesNotExist()
    {
        var (code, output) = await PilotAsync("job", "987654");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.Trim(), Is.EqualTo("pilot: job 987654 does not exist; 'pilot jobs' lists the jobs you can see"));
    }

    [Test]
    public async Task Jobs_ServerDown_SaysHowToStartOne()
    {
        var (code, output) = await PilotAsync("jobs", "--server", $"http://127.0.0.1:{Ports.Free()}");

        Assert.That(code, Is.EqualTo(3));
        Assert.That(output, Does.Contain("cannot reach the Pilot server").And.Contain("pilot server"));
        AssertNoStackTrace(output);
    }

    [Test]
    public async Task Submit_ThenJobsAsJson_RoundTrips()
    {
        var (submitCode, submitted) = await PilotAsync("submit", "--name", "roundtrip", "--output", "json", "--", "echo", "hi");
        var (listCode, listed) = await PilotAsync("jobs", "--output", "json");

        Assert.That(submitCode, Is.Zero, submitted);
        Assert.That(listCode, Is.Zero, listed);
        Assert.That(submitted, Does.Contain("\"name\": \"roundtrip\""));
        Assert.That(listed, Does.Contain("\"name\": \"roundtrip\""));
    }

    [Test]
    public async Task ServerConfigFile_IsRead_ABadProvisionerSettingStopsStartNamingTheKey()
    {
        var file = _directory.Sub("server-settings.json");
        await File.WriteAllTextAsync(file, """{"Pilot": {"Provisioner": {"Queues": [{"Queue": "default"}]}}}""");
        await using var server = PilotProcess.Start(["server", "--config", file, "--data-dir", _directory.Sub("config-data"), "--listen", "http://127.0.0.1:0"]);

        var code = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.That(code, Is.Not.Zero);
        Assert.That(server.Output, Does.Contain("pilot: invalid configuration").And.Contain("Pilot:Provisioner:Queues:0: set ServerUrl"));
    }

    private async Task<(int Code, string Output)> PilotAsync(params string[] arguments)
    {
        var withServer = arguments.Contains("--server") ? arguments : _server.CliArguments(arguments);
        await using var process = PilotProcess.Start(withServer);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (code, process.Output);
    }

    private static void AssertNoStackTrace(string output) =>
        Assert.That(output, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "one clear line, no stack trace");
}
