namespace Pilot.Core.Specs;

/// <summary>Valid YAML that Pilot does not accept (aliases, too deep, too large, a key that is not a string); the message says what and where.</summary>
public sealed class RefusedYamlException : Exception
{
    public RefusedYamlException()
    {
    }

    public RefusedYamlException(string message)
        : base(message)
    {
    }

    public RefusedYamlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
