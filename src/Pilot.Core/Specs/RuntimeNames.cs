namespace Pilot.Core.Specs;

/// <summary>Runtime types Pilot ships; a site may add its own by configuration.</summary>
public static class RuntimeNames
{
    public const string Process = "process";

    public static IReadOnlySet<string> BuiltIn { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Process, "charliecloud", "apptainer", "singularity", "podman", "shifter", "sarus", "bwrap",
    };
}
