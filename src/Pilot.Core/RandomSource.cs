namespace Pilot.Core;

/// <summary>
/// The one place the process-wide random source is named (as <see cref="TimeProvider.System"/> is for time): hosts
/// inject it, code takes a <see cref="Random"/>, and tests pass a seeded one. The banned-API rule is off for this file only.
/// </summary>
public static class RandomSource
{
    public static Random System => Random.Shared;
}
