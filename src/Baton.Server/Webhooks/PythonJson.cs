using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Server.Webhooks;

/// <summary>
/// Writes JSON exactly as Python's <c>json.dumps(obj, sort_keys=True)</c> does (defaults otherwise: <c>ensure_ascii</c>
/// on, separators <c>", "</c> and <c>": "</c>), for the <c>obj</c> Python's <c>json.loads</c> would make of the same
/// text. Webhook bodies are signed in this form, so CueAPI receivers that re-serialise before checking accept them.
/// <list type="bullet">
/// <item>Object keys are sorted by Unicode code point (not UTF-16 unit: an astral key sorts after U+FFFF), at every
/// depth; a key given twice keeps its last value, as <c>json.loads</c> does.</item>
/// <item>Strings escape <c>"</c> <c>\</c> <c>\n</c> <c>\r</c> <c>\t</c> <c>\b</c> <c>\f</c> by name and every other
/// character outside printable ASCII (U+0020–U+007E, so DEL too) as lowercase <c>\uXXXX</c>; astral characters become
/// their UTF-16 surrogate pair. <c>/</c> is not escaped.</item>
/// <item>Numbers: text without <c>.</c>, <c>e</c> or <c>E</c> is a Python int and is kept digit for digit (any size),
/// except <c>-0</c>, which Python reads as <c>0</c>. Anything else is a Python float (a double) and is written as
/// <c>repr(float)</c>: the shortest digits that round-trip, positional when the decimal exponent is in [-4, 16)
/// with a <c>.0</c> added to whole numbers (<c>1.50</c> → <c>1.5</c>, <c>1e5</c> → <c>100000.0</c>, <c>-0.0</c> →
/// <c>-0.0</c>), else scientific with a signed two-digit-minimum exponent (<c>1e16</c> → <c>1e+16</c>, <c>0.00001</c>
/// → <c>1e-05</c>); a literal beyond the double range reads as infinity and is written <c>Infinity</c> /
/// <c>-Infinity</c>, as Python does.</item>
/// </list>
/// The output is pure ASCII, so its UTF-8 bytes are its characters.
/// </summary>
internal static class PythonJson
{
    public static string Serialize(JsonNode? node)
    {
        // Through the document model, so numbers keep the exact text they were given or parsed with.
        using var doc = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return Serialize(doc.RootElement);
    }

    public static string Serialize(JsonElement element)
    {
        var sb = new StringBuilder();
        Write(sb, element);
        return sb.ToString();
    }

    public static byte[] SerializeToUtf8Bytes(JsonNode? node) => Encoding.ASCII.GetBytes(Serialize(node));

    private static void Write(StringBuilder sb, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject()) properties[p.Name] = p.Value; // the last of a repeated key wins
                if (properties.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }

                sb.Append('{');
                var first = true;
                foreach (var key in properties.Keys.Order(CodePointComparer.Instance))
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteString(sb, key);
                    sb.Append(": ");
                    Write(sb, properties[key]);
                }

                sb.Append('}');
                return;
            case JsonValueKind.Array:
                if (e.GetArrayLength() == 0)
                {
                    sb.Append("[]");
                    return;
                }

                sb.Append('[');
                var firstItem = true;
                foreach (var item in e.EnumerateArray())
                {
                    if (!firstItem) sb.Append(", ");
                    firstItem = false;
                    Write(sb, item);
                }

                sb.Append(']');
                return;
            case JsonValueKind.String:
                WriteString(sb, e.GetString()!);
                return;
            case JsonValueKind.Number:
                sb.Append(Number(e.GetRawText()));
                return;
            case JsonValueKind.True:
                sb.Append("true");
                return;
            case JsonValueKind.False:
                sb.Append("false");
                return;
            default:
                sb.Append("null");
                return;
        }
    }

    /// <summary>Python's <c>py_encode_basestring_ascii</c>.</summary>
    internal static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case >= ' ' and <= '~': sb.Append(c); break;
                // Each UTF-16 unit on its own: an astral character comes out as its surrogate pair, as in Python.
                default: sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
        }

        sb.Append('"');
    }

    /// <summary>A JSON number's text as Python prints the int or float <c>json.loads</c> makes of it.</summary>
    internal static string Number(string text)
    {
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0) return text == "-0" ? "0" : text;
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return FloatRepr(value);
    }

    /// <summary>Python's <c>repr(float)</c> (<c>float_repr_style = 'short'</c>).</summary>
    internal static string FloatRepr(double value)
    {
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (double.IsNaN(value)) return "NaN";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // .NET's round-trip format gives the same shortest digits as Python's repr; only the layout differs.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative) r = r[1..];
        var exponent = 0;
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? r : r.Remove(dot, 1);
        // value = 0.DIGITS × 10^decimalPoint
        var decimalPoint = (dot < 0 ? r.Length : dot) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leadingZeros..].TrimEnd('0');
        decimalPoint -= leadingZeros;

        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (decimalPoint is > -4 and <= 16)
        {
            if (decimalPoint <= 0)
            {
                sb.Append("0.").Append('0', -decimalPoint).Append(digits);
            }
            else if (decimalPoint >= digits.Length)
            {
                sb.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            var exp = decimalPoint - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+')
                .Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Orders strings by Unicode code point, as Python sorts <c>str</c>.</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var n = Math.Min(x.Length, y.Length);
            for (var i = 0; i < n; i++)
            {
                if (x[i] != y[i]) return Weight(x[i]).CompareTo(Weight(y[i]));
            }

            return x.Length.CompareTo(y.Length);
        }

        // At the first differing unit, a surrogate stands for a character above U+FFFF: it must sort after
        // U+E000–U+FFFF, which UTF-16 order puts above it.
        private static int Weight(char c) => char.IsSurrogate(c) ? c + 0x10000 : c;
    }
}
