namespace Pilot.Testing;

/// <summary>A directory that lives as long as the test.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    /// <param name="root">Where to make it (e.g. a directory every node of a test cluster sees); the temp directory by default.</param>
    public TemporaryDirectory(string? root = null) =>
        Path = root is null ? Directory.CreateTempSubdirectory("pilot-test-").FullName : Directory.CreateDirectory(System.IO.Path.Combine(root, $"pilot-test-{Guid.NewGuid():N}")).FullName;

    public string Path { get; }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still shutting down may hold a file; the OS temp cleaner gets it.
        }
    }
}
