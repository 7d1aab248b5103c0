namespace Pilot.Runtimes;

/// <summary>A payload could not be started here (image missing, runtime absent, bad directory); the job's setup-failure rule applies.</summary>
public sealed class SetupFailedException : Exception
{
    public SetupFailedException(string message)
        : base(message)
    {
    }

    public SetupFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SetupFailedException()
    {
    }
}
