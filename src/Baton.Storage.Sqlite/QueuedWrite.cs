using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// One write waiting for the SQLite writer (<c>SqliteStore.GroupCommit.cs</c>). Its caller's task completes only
/// once the transaction the write ran in has committed, or with the reason it did not; a cancellation takes the
/// write back only while it has not started.
/// </summary>
internal abstract class QueuedWrite
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Done = 2;

    private int _state;
    private CancellationTokenRegistration _cancellation;

    /// <summary>Lets <paramref name="ct"/> take the write back while it waits. Called once, before it is queued.</summary>
    public void WatchCancellation(CancellationToken ct)
    {
        if (ct.CanBeCanceled) _cancellation = ct.UnsafeRegister(static (w, token) => ((QueuedWrite)w!).Cancel(token), this);
    }

    /// <summary>False when the write was cancelled (or failed) before its turn came.</summary>
    public bool TryStart()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Queued) != Queued) return false;
        _cancellation.Unregister();
        return true;
    }

    public bool IsDone => Volatile.Read(ref _state) == Done;

    /// <summary>Runs the write's statements in <paramref name="tx"/>; its result is kept until <see cref="Succeed"/>.</summary>
    public abstract ValueTask RunAsync(SqliteTransaction tx);

    /// <summary>The transaction the write ran in has committed: its caller gets the result.</summary>
    public void Succeed()
    {
        if (Finish()) SetResult();
    }

    public void Fail(Exception e)
    {
        if (!Finish()) return;
        // As an async method would: a cancellation surfaces as a cancelled task, anything else as a fault.
        if (e is OperationCanceledException cancelled) SetCanceled(cancelled.CancellationToken);
        else SetException(e);
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Done, Queued) == Queued) SetCanceled(token);
    }

    private bool Finish()
    {
        if (Interlocked.Exchange(ref _state, Done) == Done) return false;
        _cancellation.Unregister();
        return true;
    }

    protected abstract void SetResult();

    protected abstract void SetException(Exception e);

    protected abstract void SetCanceled(CancellationToken token);
}

/// <summary>A <see cref="QueuedWrite"/> whose work is synchronous (<paramref name="work"/>) or awaits (<paramref name="steps"/>).</summary>
internal sealed class QueuedWrite<T>(Func<SqliteTransaction, T>? work, Func<SqliteTransaction, Task<T>>? steps) : QueuedWrite
{
    // Continuations run on the thread pool, not on the writer inside the next flush.
    private readonly TaskCompletionSource<T> _caller = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _caller.Task;

    public override async ValueTask RunAsync(SqliteTransaction tx) =>
        _result = work is not null ? work(tx) : await steps!(tx);

    protected override void SetResult() => _caller.TrySetResult(_result);

    protected override void SetException(Exception e) => _caller.TrySetException(e);

    protected override void SetCanceled(CancellationToken token) => _caller.TrySetCanceled(token);
}
