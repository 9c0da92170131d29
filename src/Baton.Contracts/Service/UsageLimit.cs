namespace Baton.Contracts.Service;

/// <summary>How a limit the server does not set is reported: as a number, because CueAPI's clients divide by it.</summary>
public static class UsageLimit
{
    /// <summary>No limit: the largest 32-bit number, so ratios against it stay near zero.</summary>
    public const int None = int.MaxValue;

    /// <summary>The limit to report: <paramref name="limit"/>, or <see cref="None"/>.</summary>
    public static int Report(int? limit) => limit ?? None;

    /// <summary>What is left under <paramref name="limit"/>, never negative.</summary>
    public static long Remaining(long used, int limit) => Math.Max(0, limit - used);

    /// <summary><paramref name="used"/> as a percentage of <paramref name="limit"/>, rounded to one decimal.</summary>
    public static double PercentUsed(long used, int limit) =>
        limit <= 0 ? 100 : Math.Round(100.0 * used / limit, 1, MidpointRounding.AwayFromZero);
}
