namespace Pilot.Core.Specs;

/// <summary>Runtime types Pilot ships; a site may add its own by configuration.</summary>
public static class RuntimeNames
{
    public const string Process = "process";
    public const string Charliecloud = "charliecloud";
    public const string Apptainer = "apptainer";
    public const string Singularity = "singularity";
    public const string Podman = "podman";
    public const string Shifter = "shifter";
    public const string Sarus = "sarus";
    public const string Bubblewrap = "bwrap";

    public static IReadOnlySet<string> BuiltIn { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Process, Charliecloud, Apptainer, Singularity, Podman, Shifter, Sarus, Bubblewrap,
    };
}
