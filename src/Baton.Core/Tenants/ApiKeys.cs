using System.Security.Cryptography;
using System.Text;

namespace Baton.Core.Tenants;

/// <summary>
/// API keys are 256 random bits, shown once and stored only as a SHA-256 hash. A fast hash is right here: the
/// key is random, not a password, so there is nothing to brute-force from the hash.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "bt_";

    public static string NewKey() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>The part of a key that may be shown again, to tell keys apart.</summary>
    public static string DisplayPrefix(string apiKey) => apiKey[..Math.Min(apiKey.Length, 11)];
}
