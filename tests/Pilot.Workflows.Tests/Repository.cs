namespace Pilot.Workflows.Tests;

/// <summary>Files of the repository the tests run: the Snakemake profile and the Python client, as a user checks them out.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SnakemakeProfile => Path.Combine(Root, "packaging", "snakemake", "pilot");

    public static string PythonClient => Path.Combine(Root, "clients", "python");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pilot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Pilot.sln above {AppContext.BaseDirectory}");
    }
}
