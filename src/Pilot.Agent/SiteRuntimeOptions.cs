using System.ComponentModel.DataAnnotations;
using Pilot.Core.Specs;
using Pilot.Runtimes.Site;

namespace Pilot.Agent;

/// <summary>Runtimes the site adds by configuration, <c>Pilot:Agent:SiteRuntimes:N:Name</c>, <c>...:Command:0</c>, ...; bad ones stop start-up.</summary>
public sealed class SiteRuntimeOptions : IValidatableObject
{
    public const string SectionName = AgentOptions.SectionName;

    public List<SiteRuntimeDefinition> SiteRuntimes { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var problems = SiteRuntimes.SelectMany(CommandTemplate.Problems)
            .Concat(SiteRuntimes.Where(r => RuntimeNames.BuiltIn.Contains(r.Name)).Select(r => $"site runtime '{r.Name}' has the name of a built-in runtime; choose another"))
            .Concat(SiteRuntimes.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => $"site runtime '{g.Key}' is defined {g.Count()} times"));
        return problems.Select(p => new ValidationResult(p, [nameof(SiteRuntimes)]));
    }
}
