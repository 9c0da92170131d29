namespace Baton.Bench;

/// <summary>Order statistics over samples (nearest-rank percentiles, as the peers' reports use).</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0) return double.NaN;
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var list = values.Where(v => !double.IsNaN(v)).ToList();
        return list.Count == 0 ? double.NaN : Percentile(list, 50);
    }

    public static LatencySummary Summarise(IReadOnlyList<double> samples) => new(
        samples.Count == 0 ? double.NaN : samples.Min(), Percentile(samples, 50), Percentile(samples, 95),
        Percentile(samples, 99), samples.Count == 0 ? double.NaN : samples.Max(), samples.Count);
}
