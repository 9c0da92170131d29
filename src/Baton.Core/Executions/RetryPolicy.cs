namespace Baton.Core.Executions;

/// <summary>Retry limits and backoff.</summary>
public static class RetryPolicy
{
    public const int DefaultMaxAttempts = 3;
    public const int MaxAttemptsForEnqueue = 25;

    /// <summary>CueAPI's default backoff of 1, 5 and 15 minutes.</summary>
    public static readonly IReadOnlyList<int> DefaultBackoffSeconds = [60, 300, 900];

    /// <summary>
    /// The wait after the failed <paramref name="attempt"/> (1-based): <c>backoff[attempt-1]</c>, the last value
    /// repeating once the list runs out.
    /// </summary>
    public static TimeSpan BackoffAfter(IReadOnlyList<int> backoffSeconds, int attempt)
    {
        var list = backoffSeconds.Count > 0 ? backoffSeconds : DefaultBackoffSeconds;
        var index = Math.Clamp(attempt - 1, 0, list.Count - 1);
        return TimeSpan.FromSeconds(list[index]);
    }
}
