namespace Baton.Core.Dashboard;

/// <summary>The enqueue → claim wait percentiles (seconds) of executions that finished in one minute; null: none did.</summary>
public sealed record MinuteWaits(DateTimeOffset Minute, double? P50, double? P95);
