namespace Pilot.Core.Specs;

/// <summary>One thing wrong with a job spec: which field, and what is allowed instead.</summary>
public sealed record SpecError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
