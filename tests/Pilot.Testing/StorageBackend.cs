namespace Pilot.Testing;

/// <summary>Where a test server keeps its queue; fixtures run once per backend.</summary>
public enum StorageBackend
{
    Sqlite,
    PostgreSql,
}
