namespace Baton.Core.Runs;

public sealed record RunPage(IReadOnlyList<RunSummary> Runs, long Total);
