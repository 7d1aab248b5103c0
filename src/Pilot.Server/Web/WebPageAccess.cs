namespace Pilot.Server.Web;

/// <summary>Who may read the web page's data.</summary>
public enum WebPageAccess
{
    /// <summary>Anyone who reaches the port reads every job and pilot, as <c>squeue</c> shows every user's jobs.</summary>
    Open,

    /// <summary>The page asks for an API token: a user sees their own jobs, an admin everything.</summary>
    Token,
}
