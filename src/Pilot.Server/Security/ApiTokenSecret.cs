using System.Security.Cryptography;
using System.Text;

namespace Pilot.Server.Security;

/// <summary>Token secrets: 256 random bits, stored only as their SHA-256, which is enough for a secret this long (no salt or stretching needed).</summary>
internal static class ApiTokenSecret
{
    private const string Prefix = "pilot_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
