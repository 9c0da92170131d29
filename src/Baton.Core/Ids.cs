using System.Security.Cryptography;

namespace Baton.Core;

/// <summary>Identifier formats on the wire: prefixed, lower-case, fixed length.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Executions get UUID v7, so ids sort by creation time.</summary>
    public static Guid NewExecutionId(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow());

    public static string NewTenantId() => "tnt_" + RandomToken(12);

    /// <summary><paramref name="length"/> characters of [a-z0-9] from a cryptographic source.</summary>
    public static string RandomToken(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
