using System.Diagnostics;

namespace Baton.Core.Observability;

/// <summary>A store operation being timed and traced (<see cref="BatonMetrics.Store"/>); dispose it when it ends.</summary>
public sealed class StoreOperation(BatonMetrics metrics, string operation, Activity? activity) : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _failed;

    /// <summary>Marks the operation as failed: the span's status and the duration's <c>outcome</c> label say so.</summary>
    public void Failed(Exception ex)
    {
        _failed = true;
        activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
    }

    public void Dispose()
    {
        metrics.StoreOperationEnded(operation, Stopwatch.GetElapsedTime(_started), _failed);
        activity?.Dispose();
    }
}
