namespace Pilot.Contracts;

/// <summary>The jobs whose statuses one request asks for (at most <see cref="MaxIds"/>).</summary>
public sealed record JobStatusQuery(IReadOnlyList<long> Ids)
{
    public const int MaxIds = 1000;
}
