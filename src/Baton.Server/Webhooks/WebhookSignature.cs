using System.Security.Cryptography;
using System.Text;

namespace Baton.Server.Webhooks;

/// <summary>
/// <c>X-CueAPI-Signature: v1=&lt;hex&gt;</c>: lowercase hex HMAC-SHA256 keyed with the tenant's whole secret string
/// (UTF-8) over <c>"&lt;timestamp&gt;." + body</c>, the body being the exact bytes sent.
/// </summary>
internal static class WebhookSignature
{
    public const string Version = "v1";

    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
