namespace Pilot.Runtimes;

/// <summary>The runtimes this pilot was built with; probing tells which of them the node can actually run.</summary>
public sealed class RuntimeCatalog(IEnumerable<IPayloadRuntime> runtimes)
{
    private readonly Dictionary<string, IPayloadRuntime> _byName = runtimes.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<IPayloadRuntime> All => _byName.Values;

    public IPayloadRuntime? Find(string name) => _byName.GetValueOrDefault(name);

    public async Task<IReadOnlyList<RuntimeAvailability>> ProbeAsync(CancellationToken cancellationToken)
    {
        var probes = await Task.WhenAll(_byName.Values.Select(r => ProbeSafelyAsync(r, cancellationToken)));
        return probes;
    }

    private static async Task<RuntimeAvailability> ProbeSafelyAsync(IPayloadRuntime runtime, CancellationToken cancellationToken)
    {
        try
        {
            return await runtime.ProbeAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new RuntimeAvailability(runtime.Name, false, null, e.Message);
        }
    }
}
