using Pilot.Runtimes.Containers;
using Pilot.Runtimes.Execution;
using Pilot.Testing;

namespace Pilot.Runtimes.Tests.Containers;

[TestFixture]
public sealed class ImageCacheTests
{
    private TemporaryDirectory _directory = null!;
    private ImageCache _cache = null!;
    private string _image = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TemporaryDirectory();
        _cache = new ImageCache(_directory.Sub("images"), TimeProvider.System);
        _image = _directory.Sub("app.tar");
        File.WriteAllText(_image, "version 1");
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public async Task GetOrPrepareAsync_TwoAttemptsAtOnce_PrepareTheImageOnce()
    {
        var preparations = 0;
        async Task Prepare(string target, CancellationToken ct)
        {
            Interlocked.Increment(ref preparations);
            Directory.CreateDirectory(target);
            await Task.Delay(300, ct);
        }

        using var firstLog = new PayloadLog(_directory.Sub("1.log"), 4096);
        using var secondLog = new PayloadLog(_directory.Sub("2.log"), 4096);
        var entries = await Task.WhenAll(
            _cache.GetOrPrepareAsync(_image, "rootfs", Prepare, firstLog, CancellationToken.None),
            _cache.GetOrPrepareAsync(_image, "rootfs", Prepare, secondLog, CancellationToken.None));

        Assert.That(preparations, Is.EqualTo(1));
        Assert.That(entries[0], Is.EqualTo(entries[1]));
        Assert.That(Directory.Exists(entries[0]), Is.True);
        Assert.That(File.ReadAllText(firstLog.FilePath) + File.ReadAllText(secondLog.FilePath), Does.Contain("prepared meanwhile by another attempt"));
    }

    [Test]
    public async Task GetOrPrepareAsync_FailedPreparation_LeavesNothingAndIsTriedAgain()
    {
        using var log = new PayloadLog(_directory.Sub("attempt.log"), 4096);

        Assert.ThrowsAsync<SetupFailedException>(() => _cache.GetOrPrepareAsync(_image, "rootfs", (target, _) =>
        {
            Directory.CreateDirectory(target);
            throw new SetupFailedException("cannot unpack");
        }, log, CancellationToken.None));
        var entry = await _cache.GetOrPrepareAsync(_image, "rootfs", (target, _) => Task.FromResult(Directory.CreateDirectory(target)), log, CancellationToken.None);

        Assert.That(Directory.GetFileSystemEntries(_cache.Directory), Is.EqualTo(new[] { entry }), "no half-prepared leftovers");
    }

    [Test]
    public async Task GetOrPrepareAsync_ImageFileChanged_IsPreparedAgainUnderANewEntry()
    {
        using var log = new PayloadLog(_directory.Sub("attempt.log"), 4096);
        Task Prepare(string target, CancellationToken ct) => Task.FromResult(Directory.CreateDirectory(target));

        var first = await _cache.GetOrPrepareAsync(_image, "rootfs", Prepare, log, CancellationToken.None);
        File.WriteAllText(_image, "version 2, longer");
        var second = await _cache.GetOrPrepareAsync(_image, "rootfs", Prepare, log, CancellationToken.None);

        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(Path.GetFileName(second), Does.StartWith("app.tar-").And.EndWith(".rootfs"));
    }
}
