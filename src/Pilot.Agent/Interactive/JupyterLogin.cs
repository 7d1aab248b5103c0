namespace Pilot.Agent.Interactive;

/// <summary>
/// Jupyter's own login, replaced: a request is the user when it carries the service's secret in
/// <c>Authorization: token</c>, as the server adds it. Jupyter's token login would do the same but writes its token
/// into every page it serves (<c>data-jupyter-api-token</c>), which the browser must never see. The server checks
/// Origin on every upgrade and non-GET request, so Jupyter's own XSRF and Origin checks are off.
/// </summary>
internal static class JupyterLogin
{
    public const string ModuleName = "pilot_jupyter_login";

    public static readonly IReadOnlyList<string> Flags =
    [
        $"--NotebookApp.login_handler_class={ModuleName}.PilotLogin", "--NotebookApp.token=", "--NotebookApp.password=",
        "--NotebookApp.disable_check_xsrf=True", "--NotebookApp.allow_origin=*",
    ];

    public const string Module = """
        import hmac
        import os

        from notebook.auth.login import LoginHandler


        class PilotLogin(LoginHandler):
            @classmethod
            def get_user(cls, handler):
                with open(os.environ["PILOT_SERVICE_TOKEN_FILE"]) as f:
                    expected = "token " + f.read().strip()
                given = handler.request.headers.get("Authorization", "")
                return "pilot" if hmac.compare_digest(given.encode(), expected.encode()) else None

            @classmethod
            def get_login_available(cls, settings):
                return True
        """;

    /// <summary>Writes the module into <paramref name="directory"/>, which goes on the notebook's PYTHONPATH.</summary>
    public static void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ModuleName + ".py"), Module);
    }
}
