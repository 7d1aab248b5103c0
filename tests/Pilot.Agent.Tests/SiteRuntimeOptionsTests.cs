using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pilot.Runtimes;
using Pilot.Runtimes.Site;
using Pilot.Testing;

namespace Pilot.Agent.Tests;

/// <summary>Site runtimes as the agent reads them from configuration, through its real host builder.</summary>
[TestFixture]
public sealed class SiteRuntimeOptionsTests
{
    private const string Prefix = "Pilot:Agent:SiteRuntimes:0:";

    [Test]
    public void Catalog_ConfiguredSiteRuntime_IsOfferedWithItsOwnBindWordsOnly()
    {
        using var host = Build(new()
        {
            [Prefix + "Name"] = "sitebox",
            [Prefix + "Command:0"] = "sitebox",
            [Prefix + "Command:1"] = "{binds}",
            [Prefix + "Command:2"] = "{command}",
            [Prefix + "Bind:0"] = "--mount={source}",
        });

        var runtime = host.Services.GetRequiredService<RuntimeCatalog>().Find("sitebox");
        var command = runtime!.BuildCommand(Launches.For(new() { Type = "sitebox" }, ["true"]));

        Assert.That(command.ToString(), Is.EqualTo($"sitebox --mount={Launches.Scratch} true"));
    }

    [Test]
    public void Options_BadSiteRuntime_StopStartUpNamingTheProblem()
    {
        using var host = Build(new()
        {
            [Prefix + "Name"] = "bwrap",
            [Prefix + "Command:0"] = "mybox",
        });

        var error = Assert.Throws<OptionsValidationException>(() => _ = host.Services.GetRequiredService<IOptions<SiteRuntimeOptions>>().Value);

        Assert.That(error!.Message, Does.Contain("has the name of a built-in runtime").And.Contain("must have the word {command}"));
    }

    private static Microsoft.Extensions.Hosting.IHost Build(Dictionary<string, string?> settings)
    {
        settings["Pilot:Agent:Server"] = "http://127.0.0.1:1";
        return PilotAgentHost.Build(settings);
    }
}
