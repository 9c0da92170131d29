using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Baton.Server.Tests.Webhooks;

/// <summary>
/// What a CueAPI receiver does to check a delivery, written separately from the server's code: parse the received
/// JSON, serialise it again the Python way (keys sorted by code point, <c>", "</c> / <c>": "</c>, everything outside
/// printable ASCII as <c>\uXXXX</c>, astral characters as surrogate pairs), then HMAC-SHA256 <c>"ts." + body</c>.
/// </summary>
internal static class IndependentVerifier
{
    public static string Reserialize(byte[] received)
    {
        using var doc = JsonDocument.Parse(received);
        var sb = new StringBuilder();
        Write(doc.RootElement, sb);
        return sb.ToString();
    }

    public static string Sign(string secret, string timestamp, string body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var mac = hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "v1=" + string.Concat(mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static void Write(JsonElement e, StringBuilder sb)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var props = e.EnumerateObject().ToList();
                props.Sort((a, b) => CompareCodePoints(a.Name, b.Name));
                sb.Append('{').AppendJoin(", ", props.Select(p =>
                {
                    var item = new StringBuilder();
                    Quote(p.Name, item);
                    item.Append(": ");
                    Write(p.Value, item);
                    return item.ToString();
                })).Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[').AppendJoin(", ", e.EnumerateArray().Select(v =>
                {
                    var item = new StringBuilder();
                    Write(v, item);
                    return item.ToString();
                })).Append(']');
                break;
            case JsonValueKind.String:
                Quote(e.GetString()!, sb);
                break;
            default:
                sb.Append(e.GetRawText()); // numbers as received, true, false, null
                break;
        }
    }

    private static int CompareCodePoints(string a, string b)
    {
        var ra = a.EnumerateRunes().Select(r => r.Value).ToArray();
        var rb = b.EnumerateRunes().Select(r => r.Value).ToArray();
        for (var i = 0; i < Math.Min(ra.Length, rb.Length); i++)
        {
            if (ra[i] != rb[i]) return ra[i].CompareTo(rb[i]);
        }

        return ra.Length.CompareTo(rb.Length);
    }

    private static void Quote(string s, StringBuilder sb)
    {
        var named = new Dictionary<int, string>
        {
            ['"'] = "\\\"",
            ['\\'] = "\\\\",
            ['\n'] = "\\n",
            ['\r'] = "\\r",
            ['\t'] = "\\t",
            ['\b'] = "\\b",
            ['\f'] = "\\f",
        };
        Span<char> units = stackalloc char[2];
        sb.Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            if (named.TryGetValue(rune.Value, out var escape))
            {
                sb.Append(escape);
            }
            else if (rune.Value is >= 0x20 and < 0x7f)
            {
                sb.Append((char)rune.Value);
            }
            else
            {
                var n = rune.EncodeToUtf16(units);
                for (var i = 0; i < n; i++) sb.Append("\\u").Append(((int)units[i]).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        sb.Append('"');
    }
}
