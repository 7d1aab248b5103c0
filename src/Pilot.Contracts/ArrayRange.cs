namespace Pilot.Contracts;

/// <summary>Array indices <see cref="First"/> to <see cref="Last"/>, both included (<c>--array 1-10000</c>).</summary>
public sealed record ArrayRange(long First, long Last)
{
    public long Count => Last - First + 1;
}
