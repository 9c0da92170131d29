namespace Baton.Bench;

/// <summary>Milliseconds.</summary>
public sealed record LatencySummary(double Min, double P50, double P95, double P99, double Max, int Count)
{
    /// <summary>Per-statistic median over repetitions.</summary>
    public static LatencySummary MedianOf(IReadOnlyList<LatencySummary> runs) => new(
        Stats.Median(runs.Select(r => r.Min)), Stats.Median(runs.Select(r => r.P50)),
        Stats.Median(runs.Select(r => r.P95)), Stats.Median(runs.Select(r => r.P99)),
        Stats.Median(runs.Select(r => r.Max)), runs.Count == 0 ? 0 : runs[0].Count);
}
