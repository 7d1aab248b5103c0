using System.Text.RegularExpressions;
using Pilot.Contracts;

namespace Pilot.Core.Specs;

/// <summary>Checks the <c>interactive</c> part of a job spec: what kind of service, and where it listens.</summary>
internal static partial class InteractiveSpecValidator
{
    /// <summary>Whether a spec may leave <c>command</c> out: Pilot starts Jupyter itself.</summary>
    public static bool StartsItsOwnCommand(JobSpec spec) => spec.Interactive is { Kind: InteractiveSpec.JupyterKind };

    public static void Validate(JobSpec spec, Action<bool, string, string> check)
    {
        if (spec.Interactive is not { } interactive)
        {
            return;
        }

        check(InteractiveSpec.Kinds.Contains(interactive.Kind), "interactive.kind",
            $"unknown kind '{interactive.Kind}'; known kinds: {string.Join(", ", InteractiveSpec.Kinds)}");
        check(spec.Cluster is null, "interactive", "a cluster job cannot be interactive yet; run the notebook as its own job");
        check(spec.Resources.Nodes == 1, "resources.nodes", "must be 1 for an interactive job: its service runs next to the pilot that tunnels to it");
        if (interactive.Kind == InteractiveSpec.JupyterKind)
        {
            check(spec.Command.Count == 0, "command", "must be empty for a Jupyter job: Pilot starts jupyter-notebook itself, behind the server's proxy");
            check(interactive.Socket is null && interactive.Port is null, "interactive.socket", "is chosen by Pilot for a Jupyter job; leave socket and port out");
            check(interactive.KeepPrefix, "interactive.keep_prefix", "must stay true for a Jupyter job: Jupyter serves under its base_url");
        }

        if (interactive.Kind == InteractiveSpec.HttpKind)
        {
            check(interactive.Socket is null ^ interactive.Port is null, "interactive.socket",
                "give one place the service listens: socket (a file name in the attempt's directory, e.g. app.sock) or port (on 127.0.0.1)");
            check(interactive.Socket is null || SocketPattern().IsMatch(interactive.Socket) && interactive.Socket is not ("." or ".."), "interactive.socket",
                "must be a plain file name (letters, digits, '.', '_' or '-'), created in the attempt's directory");
            check(interactive.Port is null or (>= 1 and <= 65535), "interactive.port", "must be between 1 and 65535");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SocketPattern();
}
