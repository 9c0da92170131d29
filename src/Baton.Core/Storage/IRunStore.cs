using Baton.Core.Runs;

namespace Baton.Core.Storage;

/// <summary>Runs: executions grouped by run_id, read only.</summary>
public interface IRunStore
{
    /// <summary>The run's counts by status; a run nobody enqueued into has a total of zero.</summary>
    Task<RunSummary> GetRunAsync(GetRunParams p, CancellationToken ct);

    Task<RunPage> ListRunsAsync(ListRunsParams p, CancellationToken ct);
}
