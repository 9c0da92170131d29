using ScottPlot;

namespace Baton.Bench;

/// <summary>The report's figures, drawn with ScottPlot.</summary>
public static class Charts
{
    /// <summary>Median burn-down throughput per system, one bar each.</summary>
    public static void BurnDown(string path, IReadOnlyList<(string Label, double JobsPerSecond)> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var items = bars.Select((b, i) => new Bar
        {
            Position = i,
            Value = b.JobsPerSecond,
            FillColor = b.Label.StartsWith("Baton", StringComparison.Ordinal) ? palette.GetColor(0) : palette.GetColor(7),
            Label = b.JobsPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        var barPlot = plot.Add.Bars(items);
        barPlot.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. bars.Select((_, i) => (double)i)], [.. bars.Select(b => b.Label)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 170;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title("Burn-down of no-op jobs, median jobs/s (higher is better)");
        plot.YLabel("jobs/s");
        plot.SavePng(path, 1000, 620);
    }

    /// <summary>Enqueue → claim latency per system: p50, p95 and p99 side by side.</summary>
    public static void Latency(string path, IReadOnlyList<(string Label, LatencySummary Summary)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        string[] names = ["p50", "p95", "p99"];
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            double[] values = [rows[i].Summary.P50, rows[i].Summary.P95, rows[i].Summary.P99];
            for (var j = 0; j < 3; j++)
            {
                bars.Add(new Bar { Position = i * 4 + j, Value = values[j], FillColor = palette.GetColor(j) });
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((_, i) => i * 4 + 1.0)], [.. rows.Select(r => r.Label)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 150;
        for (var j = 0; j < 3; j++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[j], FillColor = palette.GetColor(j) });
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Enqueue → claim latency, ms (lower is better)");
        plot.YLabel("ms");
        plot.SavePng(path, 1000, 620);
    }
}
