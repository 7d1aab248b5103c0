namespace Pilot.Runtimes.Containers;

/// <summary>A host directory or file made visible inside the container.</summary>
public sealed record BindMount(string Source, string Target, bool ReadOnly)
{
    /// <summary>Reads the job spec's form, <c>host[:container[:ro|rw]]</c>; without a container path it is the host path.</summary>
    public static BindMount Parse(string text)
    {
        var parts = text.Split(':');
        var target = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : parts[0];
        return new BindMount(parts[0], target, parts.Length > 2 && parts[2] == "ro");
    }
}
