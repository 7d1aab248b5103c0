namespace Pilot.Testing;

/// <summary>
/// Integration tests that need a real component (Slurm, Charliecloud, Prometheus, Chromium, PostgreSQL) skip on a
/// developer machine without it, but fail in CI (<c>CI=true</c>), where scripts/install-deps.sh must have installed it.
/// </summary>
public static class Requirements
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Command(string name, string hint = "scripts/install-deps.sh installs it")
    {
        var found = Find(name);
        if (found is null)
        {
            Missing($"'{name}' is not on PATH ({hint})");
        }

        return found!;
    }

    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            Missing(what);
        }
    }

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static void Missing(string what)
    {
        if (IsCi)
        {
            Assert.Fail($"required in CI: {what}");
        }

        Assert.Ignore($"skipped outside CI: {what}");
    }
}
