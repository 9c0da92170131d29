using System.Globalization;
using System.Text;

namespace Baton.Server.Dashboard.Components;

/// <summary>
/// Inline SVG charts drawn on the server: no chart library in the browser. Coordinates are in a fixed viewBox
/// that CSS scales to the page width.
/// </summary>
public static class Charts
{
    public const int Width = 600;
    public const int Height = 120;

    /// <summary>Stacked bars per minute: <paramref name="lower"/> drawn from the baseline, <paramref name="upper"/> on top.</summary>
    public static string StackedBars(IReadOnlyList<long> lower, IReadOnlyList<long> upper)
    {
        var max = Math.Max(1, lower.Zip(upper, (a, b) => a + b).DefaultIfEmpty(0).Max());
        var step = (double)Width / Math.Max(1, lower.Count);
        var sb = new StringBuilder();
        for (var i = 0; i < lower.Count; i++)
        {
            var x = i * step + 0.5;
            var h1 = Height * lower[i] / (double)max;
            var h2 = Height * upper[i] / (double)max;
            if (h1 > 0) Rect(sb, "ok", x, Height - h1, step - 1, h1);
            if (h2 > 0) Rect(sb, "bad", x, Height - h1 - h2, step - 1, h2);
        }

        return sb.ToString();
    }

    /// <summary>A polyline through the values that exist (null: no point that minute), scaled to <paramref name="max"/>.</summary>
    public static string Line(IReadOnlyList<double?> values, double max)
    {
        var step = (double)Width / Math.Max(1, values.Count);
        var points = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v) continue;
            points.Append(N(i * step + step / 2)).Append(',').Append(N(Height - Height * v / Math.Max(max, 1e-9))).Append(' ');
        }

        return points.ToString().TrimEnd();
    }

    /// <summary>A dot at each value that exists, so a minute with no neighbours still shows.</summary>
    public static string Dots(IReadOnlyList<double?> values, double max, string cls)
    {
        var step = (double)Width / Math.Max(1, values.Count);
        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v) continue;
            sb.Append("<circle class=\"").Append(cls).Append("\" cx=\"").Append(N(i * step + step / 2)).Append("\" cy=\"")
                .Append(N(Height - Height * v / Math.Max(max, 1e-9))).Append("\" r=\"3\"></circle>");
        }

        return sb.ToString();
    }

    public static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static void Rect(StringBuilder sb, string cls, double x, double y, double w, double h) =>
        sb.Append("<rect class=\"").Append(cls).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y))
            .Append("\" width=\"").Append(N(Math.Max(w, 1))).Append("\" height=\"").Append(N(h)).Append("\"></rect>");
}
