namespace Baton.Core.Usage;

/// <summary>A tenant's usage beside this server's limits (null: no limit).</summary>
public sealed record UsageReport(
    long ExecutionsUsed, int? ExecutionLimit, long ActiveCues, int? ActiveCueLimit, int RequestsPerMinute);
