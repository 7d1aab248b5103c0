using System.Text.RegularExpressions;
using Pilot.Testing;

namespace Pilot.Workflows.Tests;

/// <summary>
/// The Python client's unittest cases (clients/python/tests), each run as one NUnit case against a real server and
/// agent, so CI counts and reports every one of them.
/// </summary>
[TestFixture]
[Category("E2E")]
public sealed partial class PythonClientTests
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(3);

    private TemporaryDirectory _directory = null!;
    private PilotServerProcess _server = null!;
    private PilotProcess _agent = null!;

    [OneTimeSetUp]
    public async Task StartServerAndAgentAsync()
    {
        _directory = new TemporaryDirectory();
        _server = await PilotServerProcess.StartAsync(_directory.Sub("server"));
        _agent = PilotAgentProcess.Start(_server, _directory.Sub("agent"), cores: 2);
    }

    [OneTimeTearDown]
    public async Task StopServerAndAgentAsync()
    {
        await _agent.DisposeAsync();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>module.Class.test_name of every test method in clients/python/tests.</summary>
    public static IEnumerable<string> PythonCases()
    {
        var tests = Path.Combine(Repository.PythonClient, "tests");
        foreach (var file in Directory.EnumerateFiles(tests, "test_*.py").Order(StringComparer.Ordinal))
        {
            var module = $"tests.{Path.GetFileNameWithoutExtension(file)}";
            string? type = null;
            foreach (var line in File.ReadLines(file))
            {
                if (ClassLine().Match(line) is { Success: true } declared)
                {
                    type = declared.Groups[1].Value;
                }
                else if (TestLine().Match(line) is { Success: true } test && type is not null)
                {
                    yield return $"{module}.{type}.{test.Groups[1].Value}";
                }
            }
        }
    }

    [TestCaseSource(nameof(PythonCases))]
    public async Task Python(string testCase)
    {
        var python = Requirements.Command("python3");
        await using var run = PilotProcess.StartTool(
            python,
            ["-m", "unittest", "-v", testCase],
            Repository.PythonClient,
            new Dictionary<string, string>
            {
                ["PILOT_SERVER"] = _server.Url,
                ["PILOT_TOKEN"] = _server.AdminToken,
                ["PYTHONPATH"] = Repository.PythonClient,
                ["PYTHONDONTWRITEBYTECODE"] = "1",
            });

        var code = await run.WaitForExitAsync(CaseTimeout);

        Assert.That(code, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("Ran 1 test").And.Contain("OK"), "the case ran and passed");
    }

    [Test]
    public void PythonCases_FindsTheClientsTests()
    {
        Assert.That(PythonCases(), Has.Some.Contains("test_client.ClientTests.test_submit_one_job_wait_and_read_its_log")
            .And.Some.Contains("test_snakemake_hooks.HookTests."));
    }

    [GeneratedRegex(@"^class (\w+)\(")]
    private static partial Regex ClassLine();

    [GeneratedRegex(@"^    def (test_\w+)\(")]
    private static partial Regex TestLine();
}
