namespace Baton.Core.Dashboard;

/// <summary>How long one execution waited from enqueue (or its send time) to its first claim, and when it finished.</summary>
public sealed record ClaimWait(DateTimeOffset FinishedAt, double Seconds);
