namespace Pilot.Reliability.Tests.Fuzzing;

/// <summary>Which credentials a fuzzed request carries.</summary>
internal enum FuzzToken
{
    Admin,
    Pilot,
    Garbage,
    None,
}

/// <summary>One malformed (or occasionally well-formed) request, reproducible from the fuzzer's seed.</summary>
internal sealed record FuzzRequest(string Method, string Path, string? ContentType, byte[] Body, FuzzToken Token)
{
    public override string ToString()
    {
        var preview = System.Text.Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        return $"{Method} {(Path.Length > 200 ? Path[..200] + "..." : Path)} [{Token}, {ContentType}, {Body.Length} bytes] {preview}";
    }
}
