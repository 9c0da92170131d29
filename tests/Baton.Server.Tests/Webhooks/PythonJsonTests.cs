using System.Text.Json;
using Baton.Server.Webhooks;
using Xunit;

namespace Baton.Server.Tests.Webhooks;

/// <summary>
/// <see cref="PythonJson"/> against outputs of CPython 3's <c>json.dumps(json.loads(text), sort_keys=True)</c>,
/// recorded once and pasted here.
/// </summary>
public sealed class PythonJsonTests
{
    public static TheoryData<string, string> Numbers => new()
    {
        { "1.0", "1.0" },
        { "1.50", "1.5" },
        { "1e5", "100000.0" },
        { "1E+2", "100.0" },
        { "0.1", "0.1" },
        { "1e400", "Infinity" },
        { "-1e400", "-Infinity" },
        { "-0.0", "-0.0" },
        { "0.0", "0.0" },
        { "1.5e300", "1.5e+300" },
        { "1e-7", "1e-07" },
        { "1e16", "1e+16" },
        { "1e15", "1000000000000000.0" },
        { "0.0001", "0.0001" },
        { "0.00001", "1e-05" },
        { "123456789012345678", "123456789012345678" },
        { "-0", "0" },
        { "12345678901234567890123", "12345678901234567890123" },
        { "3.141592653589793", "3.141592653589793" },
        { "2.5e-5", "2.5e-05" },
        { "1e22", "1e+22" },
        { "9007199254740993.0", "9007199254740992.0" },
        { "0.30000000000000004", "0.30000000000000004" },
        { "-2.0e-3", "-0.002" },
        { "5e-324", "5e-324" },
        { "1.7976931348623157e308", "1.7976931348623157e+308" },
        { "100", "100" },
        { "-17", "-17" },
        { "6.02214076e23", "6.02214076e+23" },
        { "123.456e2", "12345.6" },
        { "-6.673704319854381e+17", "-6.673704319854381e+17" },
        { "102094.50758277159", "102094.50758277159" },
        { "7.449854130773085e+16", "7.449854130773085e+16" },
        { "47947342626.153824", "47947342626.153824" },
        { "3.980696305556509e-06", "3.980696305556509e-06" },
        { "0.009846676007566094", "0.009846676007566094" },
        { "4.472276777667234e+28", "4.472276777667234e+28" },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Numbers_print_as_python_prints_the_int_or_float_it_read(string text, string python) =>
        Assert.Equal(python, PythonJson.Number(text));

    [Fact]
    public void Objects_sort_keys_by_code_point_at_every_depth_and_escape_like_ensure_ascii()
    {
        const string input = """
            {"b": 1, "a": [1, 2.50, {"z": null, "y": true, "x": false}], "\u00e9": "caf\u00e9 \u2615 \ud83d\ude00",
             "\uffff": "max bmp", "\ud83d\ude00": "astral key", "ctl": "\u0000\u0001\u001f\u007f\b\f\n\r\t\"\\\/",
             "": {}, "empty": [], "nested": {"B": "x", "A": "y", "a": "z"}}
            """;
        const string python = """
            {"": {}, "a": [1, 2.5, {"x": false, "y": true, "z": null}], "b": 1, "ctl": "\u0000\u0001\u001f\u007f\b\f\n\r\t\"\\/", "empty": [], "nested": {"A": "y", "B": "x", "a": "z"}, "\u00e9": "caf\u00e9 \u2615 \ud83d\ude00", "\uffff": "max bmp", "\ud83d\ude00": "astral key"}
            """;
        using var doc = JsonDocument.Parse(input);

        Assert.Equal(python, PythonJson.Serialize(doc.RootElement));
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value_as_json_loads_does()
    {
        using var doc = JsonDocument.Parse("""{"k": 1, "j": [], "k": 2}""");
        Assert.Equal("""{"j": [], "k": 2}""", PythonJson.Serialize(doc.RootElement));
    }

    [Fact]
    public void The_output_is_a_fixed_point_and_pure_ascii()
    {
        var once = PythonJson.Serialize(System.Text.Json.Nodes.JsonNode.Parse("""{"n": 1e5, "s": "Ω😀", "t": 1.50}"""));
        using var again = JsonDocument.Parse(once);

        Assert.Equal(once, PythonJson.Serialize(again.RootElement));
        Assert.All(once, c => Assert.InRange(c, ' ', '~'));
    }
}
