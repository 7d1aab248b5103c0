using System.Diagnostics;

namespace Pilot.Testing;

/// <summary>
/// An unprivileged account for tests that prove something works without root (containers, Slurm jobs). Tests running
/// as root create it when missing, as scripts/services/slurm.sh does.
/// </summary>
public static class OrdinaryUser
{
    public const string Name = "pilotuser";

    /// <summary>Makes sure the account exists; skips (fails in CI) when it cannot, e.g. when the tests do not run as root.</summary>
    public static string Require()
    {
        if (Exists())
        {
            return Name;
        }

        Requirements.That(Environment.UserName == "root", $"user {Name} exists, or the tests run as root to create it");
        using var useradd = Process.Start(new ProcessStartInfo("useradd", ["-m", Name]) { UseShellExecute = false })!;
        useradd.WaitForExit();
        Requirements.That(Exists(), $"user {Name} could be created with useradd");
        return Name;
    }

    /// <summary>The words that run a command as this user: <c>setpriv --reuid --regid --init-groups --</c>.</summary>
    public static IReadOnlyList<string> Prefix() =>
        [Requirements.Command("setpriv"), $"--reuid={Name}", $"--regid={Name}", "--init-groups", "--"];

    private static bool Exists() => File.ReadLines("/etc/passwd").Any(line => line.StartsWith(Name + ":", StringComparison.Ordinal));
}
