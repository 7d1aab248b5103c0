namespace Pilot.Core.Specs;

/// <summary>A job spec that cannot be accepted; <see cref="Errors"/> names every bad field.</summary>
public sealed class JobSpecException : Exception
{
    public JobSpecException(IReadOnlyList<SpecError> errors)
        : base("invalid job spec: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public JobSpecException(string field, string message)
        : this([new SpecError(field, message)])
    {
    }

    public JobSpecException()
        : this([])
    {
    }

    public JobSpecException(string message)
        : this("spec", message)
    {
    }

    public JobSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new SpecError("spec", message)];
    }

    public IReadOnlyList<SpecError> Errors { get; }
}
