namespace Pilot.Testing;

/// <summary>
/// The test Slurm clusters: the single-node one of scripts/services/slurm.sh, and the multi-node one of
/// scripts/services/slurm-cluster.sh whose nodes are network namespaces with their own <c>/tmp</c> on this machine.
/// </summary>
public sealed record SlurmCluster
{
    public static readonly SlurmCluster SingleNode = new() { SharedDirectory = Path.GetTempPath() };

    public static readonly SlurmCluster MultiNode = new()
    {
        ConfigFile = "/srv/slurm-multi/slurm.conf",
        SharedDirectory = "/var/tmp",
        ServerAddress = "10.251.0.1",
        Nodes = ["pn1", "pn2", "pn3"],
    };

    /// <summary>Its <c>SLURM_CONF</c>; null for the machine's default configuration.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Where test directories go that every node of the cluster sees.</summary>
    public required string SharedDirectory { get; init; }

    /// <summary>Where the nodes reach a test's Pilot server.</summary>
    public string ServerAddress { get; init; } = "127.0.0.1";

    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>Points every Slurm command of this test process, and of the processes it starts, at this cluster.</summary>
    public void Use()
    {
        if (ConfigFile is not null)
        {
            Requirements.That(File.Exists(ConfigFile), $"{ConfigFile} exists (scripts/services/slurm-cluster.sh starts the multi-node test cluster)");
            Environment.SetEnvironmentVariable("SLURM_CONF", ConfigFile);
        }
    }

    /// <summary>
    /// Processes whose environment or command line contains <paramref name="needle"/>, by the node whose network
    /// namespace they run in (this machine's own ones under "host"). The nodes share this machine's process table, so a
    /// process list "per node" is this split of it.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> ProcessesByNode(string needle)
    {
        var namespaces = Nodes.ToDictionary(node => NetworkNamespace($"/run/netns/{node}"), node => node);
        return ProcessTable.Matching(needle)
            .Select(pid => (Pid: pid, Node: TryLink($"/proc/{pid}/ns/net") is { } link && namespaces.TryGetValue(link, out var node) ? node : "host"))
            .GroupBy(process => process.Node)
            .ToDictionary(group => group.Key, group => (IReadOnlyList<int>)[.. group.Select(process => process.Pid)]);
    }

    /// <summary>
    /// Kills every process in <paramref name="node"/>'s network namespace, its slurmd included, as a node crash would;
    /// returns how many. scripts/services/slurm-cluster.sh brings the node back.
    /// </summary>
    public static int KillNode(string node)
    {
        var network = NetworkNamespace($"/run/netns/{node}");
        var killed = 0;
        foreach (var pid in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(name => int.TryParse(name, out var pid) ? pid : 0))
        {
            if (pid > 1 && pid != Environment.ProcessId && TryLink($"/proc/{pid}/ns/net") == network)
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                    killed++;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone already.
                }
            }
        }

        return killed;
    }

    /// <summary><c>net:[INODE]</c>, as <c>/proc/PID/ns/net</c> reads, of a namespace bind-mounted at <paramref name="path"/>.</summary>
    private static string NetworkNamespace(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-L", "-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return $"net:[{inode}]";
    }

    private static string? TryLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
