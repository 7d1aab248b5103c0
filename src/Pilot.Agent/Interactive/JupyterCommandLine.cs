namespace Pilot.Agent.Interactive;

/// <summary>
/// Jupyter Notebook as an interactive job's command: on a Unix socket only its owner may open, under the proxy's
/// prefix, kernels over IPC rather than loopback ports, logged in by the service's secret from a file
/// (<see cref="JupyterLogin"/>), never from the command line, which every user of the node can read.
/// </summary>
internal static class JupyterCommandLine
{
    public const string Program = "jupyter-notebook";

    public static IReadOnlyList<string> Build(string socketPath, string basePath, string notebookDirectory, bool asRoot)
    {
        List<string> words =
        [
            Program, "--no-browser", $"--sock={socketPath}", "--sock-mode=0600", $"--NotebookApp.base_url={basePath}",
            "--transport=ipc", $"--notebook-dir={notebookDirectory}", .. JupyterLogin.Flags,
        ];
        if (asRoot)
        {
            words.Add("--allow-root");
        }

        return words;
    }
}
