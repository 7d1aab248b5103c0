namespace Pilot.Server.Storage;

/// <summary>One new row of the jobs table, as every kind of submission inserts it (its properties are the SQL parameters).</summary>
internal sealed record JobInsert(
    string Name,
    string Owner,
    string Queue,
    string? Site,
    long Priority,
    string State,
    string? Reason,
    string Runtime,
    long Cores,
    long MemoryMb,
    long Gpus,
    long Nodes,
    long WalltimeS,
    string Spec,
    long Now,
    long? FinishedAt,
    string? GroupId,
    string? IdempotencyKey,
    long? ArrayIndex)
{
    public const string Columns =
        "name, owner, queue, site, priority, state, reason, runtime, cores, memory_mb, gpus, nodes, walltime_s, spec, submitted_at, finished_at, group_id, idempotency_key, array_index";

    public const string Parameters =
        "@Name, @Owner, @Queue, @Site, @Priority, @State, @Reason, @Runtime, @Cores, @MemoryMb, @Gpus, @Nodes, @WalltimeS, @Spec, @Now, @FinishedAt, @GroupId, @IdempotencyKey, @ArrayIndex";

    /// <summary>The values in <see cref="Columns"/> order, for inserters that bind by position.</summary>
    public object?[] Values() =>
        [Name, Owner, Queue, Site, Priority, State, Reason, Runtime, Cores, MemoryMb, Gpus, Nodes, WalltimeS, Spec, Now, FinishedAt, GroupId, IdempotencyKey, ArrayIndex];
}
