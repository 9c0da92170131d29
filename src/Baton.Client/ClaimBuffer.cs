using System.Runtime.ExceptionServices;
using Baton.Contracts.Executions;

namespace Baton.Client;

/// <summary>
/// Claims ahead for one claim request (prefetch): keeps up to <see cref="Capacity"/> executions claimed beyond what
/// its callers are waiting for, so that <see cref="TakeAsync"/> usually answers at once instead of after a round
/// trip to the server. A worker whose handlers are quick stops idling between one execution and the next.
/// </summary>
/// <remarks>
/// <para>
/// The server starts a lease at the claim, and nothing here extends it: an execution waiting in the buffer is hidden
/// from other workers only until its lease would run out. So the buffer never hands out an execution it has held for
/// <see cref="HoldFraction"/> (half) of its lease or longer, measured from when the claim was sent: it gives it back
/// with <c>release</c> instead (the attempt is not counted), at once, and another worker can claim it. After giving
/// work back because nobody took it, the buffer claims nothing more until the next <see cref="TakeAsync"/>, so a busy
/// caller does not take the same work straight back and hide it again.
/// </para>
/// <para>
/// One claim is in flight at a time. It asks for as many as fill the buffer (plus the callers waiting, at most 100).
/// While the buffer holds work it asks without waiting; when the server has nothing, the buffer hands out what it
/// holds and then parks a long-poll (the request's <c>wait_seconds</c>, 30 when unset) until work arrives.
/// </para>
/// <para>
/// A failed claim is thrown by <see cref="TakeAsync"/> when the buffer has nothing to hand out, and the buffer claims
/// nothing more until the next call, so the caller's back-off decides when it tries again.
/// <see cref="DisposeAsync"/> stops claiming (a parked claim is abandoned, and the server gives back what it would
/// have handed to it) and releases everything still held, all at once.
/// </para>
/// </remarks>
public sealed class ClaimBuffer : IAsyncDisposable
{
    /// <summary>The most executions a buffer holds ahead (the server's claim limit).</summary>
    public const int MaxCapacity = 100;

    /// <summary>
    /// The part of its lease an execution may wait in the buffer. Half leaves the handler the other half before its
    /// first heartbeat is due, and bounds how long work is hidden from other workers.
    /// </summary>
    public const double HoldFraction = 0.5;

    private const int MaxClaimLimit = 100;
    private const int DefaultWaitSeconds = 30;

    private readonly BatonClient _client;
    private readonly ClaimExecutionsRequest _request;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly LinkedList<Held> _items = new();
    private readonly LinkedList<TaskCompletionSource<ClaimedExecution>> _takers = new();
    private readonly HashSet<Task> _releases = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _sweepTimer;
    private TaskCompletionSource _changed = NewSignal();
    private Task? _pump;
    private Exception? _fault;
    private bool _halted;
    private bool _paused;
    private bool _serverEmpty;
    private bool _disposed;

    /// <summary>
    /// A buffer of up to <paramref name="capacity"/> (0–100) executions claimed with <paramref name="request"/>, whose
    /// <c>limit</c> and <c>wait_seconds</c> the buffer sets on each claim. Nothing is claimed before the first
    /// <see cref="TakeAsync"/>.
    /// </summary>
    public ClaimBuffer(BatonClient client, ClaimExecutionsRequest request, int capacity, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _client = client;
        _request = request;
        _time = time ?? TimeProvider.System;
        Capacity = capacity;
        _sweepTimer = _time.CreateTimer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many executions are held beyond those callers wait for.</summary>
    public int Capacity { get; }

    /// <summary>How many executions the buffer holds now.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _items.Count;
        }
    }

    /// <summary>
    /// How long to pause after a long-poll came back empty early (a server restarting, a proxy cutting it short), so
    /// the buffer never spins. 5 s unless set.
    /// </summary>
    public TimeSpan EmptyPollPause { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Told of every execution the buffer gave back (held too long, or still held at dispose), with the exception when
    /// the release failed: the execution then stays claimed until its lease runs out.
    /// </summary>
    public Action<ClaimedExecution, Exception?>? Released { get; init; }

    /// <summary>
    /// The next claimed execution: at once when the buffer holds one, else when a claim brings one. Each execution is
    /// handed out once. Throws the claim's exception when a claim failed and the buffer is empty.
    /// </summary>
    public async Task<ClaimedExecution> TakeAsync(CancellationToken ct = default)
    {
        TaskCompletionSource<ClaimedExecution> taker;
        LinkedListNode<TaskCompletionSource<ClaimedExecution>> node;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ct.ThrowIfCancellationRequested();
            _pump ??= Task.Run(PumpAsync, CancellationToken.None);
            // A caller is taking again: whatever stopped the claims (work given back, a failed claim) is over.
            _paused = false;
            if (TakeFreshLocked() is { } fresh)
            {
                _halted = false;
                SignalLocked();
                return fresh;
            }

            if (_fault is { } fault)
            {
                _fault = null;
                ExceptionDispatchInfo.Throw(fault);
            }

            _halted = false;
            taker = new TaskCompletionSource<ClaimedExecution>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _takers.AddLast(taker);
            SignalLocked();
        }

        await using var registration = ct.Register(() =>
        {
            lock (_lock)
            {
                // Still listed means nothing was handed to it, so nothing is lost by cancelling.
                if (node.List is null) return;
                _takers.Remove(node);
                taker.TrySetCanceled(ct);
            }
        });
        return await taker.Task;
    }

    /// <summary>Stops claiming and releases every execution still held, at once; returns when the releases have been answered.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var taker in _takers) taker.TrySetException(new ObjectDisposedException(nameof(ClaimBuffer)));
            _takers.Clear();
        }

        await _stop.CancelAsync();
        if (_pump is not null) await _pump;
        Task[] releases;
        lock (_lock)
        {
            foreach (var held in _items) StartReleaseLocked(held);
            _items.Clear();
            releases = [.. _releases];
        }

        await _sweepTimer.DisposeAsync();
        await Task.WhenAll(releases);
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            int limit;
            bool park;
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
                // After an empty answer, hand out what is held before asking again: the server has nothing now.
                var stopped = _halted || _paused || (_serverEmpty && _items.Count > 0);
                limit = stopped ? 0 : Math.Min(MaxClaimLimit, Capacity + _takers.Count - _items.Count);
                park = _items.Count == 0;
            }

            if (limit <= 0)
            {
                if (!await WaitAsync(changed.WaitAsync(ct))) return;
                continue;
            }

            var wait = park ? _request.WaitSeconds ?? DefaultWaitSeconds : 0;
            var sent = _time.GetTimestamp();
            ClaimResponse? response;
            try
            {
                response = await _client.TryClaimAsync(_request with { Limit = limit, WaitSeconds = wait }, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                lock (_lock)
                {
                    _halted = true;
                    if (_takers.Count == 0) _fault = e;
                    foreach (var taker in _takers) taker.TrySetException(e);
                    _takers.Clear();
                }

                continue;
            }

            lock (_lock)
            {
                _fault = null;
                _serverEmpty = response is null;
                if (response is not null) AddLocked(response, sent);
            }

            var early = wait <= 1 || _time.GetElapsedTime(sent) < TimeSpan.FromSeconds(wait - 1);
            if (response is null && park && early && !await WaitAsync(Task.Delay(EmptyPollPause, _time, ct))) return;
        }
    }

    /// <summary>False when the buffer is being disposed.</summary>
    private static async Task<bool> WaitAsync(Task task)
    {
        try
        {
            await task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void AddLocked(ClaimResponse response, long sent)
    {
        var holdLimit = TimeSpan.FromSeconds(response.LeaseSeconds * HoldFraction);
        var claimed = response.Executions is { Count: > 0 } many
            ? [.. many.Select(c => (c.Execution, c.ClaimToken))]
            : new List<(ExecutionResponse, string)> { (response.Execution, response.ClaimToken) };
        foreach (var (execution, token) in claimed)
        {
            var held = new Held(new ClaimedExecution(execution, token, response.LeaseSeconds, TimeSpan.Zero), sent, holdLimit);
            if (IsStale(held)) StartReleaseLocked(held);
            else if (!HandToTakerLocked(held)) _items.AddLast(held);
        }

        ScheduleSweepLocked();
    }

    private bool HandToTakerLocked(Held held)
    {
        // Takers leave the list only under the lock, so a listed one is still waiting and takes it.
        if (_takers.First is not { } first) return false;
        _takers.RemoveFirst();
        return first.Value.TrySetResult(HandOut(held)) || HandToTakerLocked(held);
    }

    private ClaimedExecution? TakeFreshLocked()
    {
        ReleaseStaleLocked();
        if (_items.First is not { } first) return null;
        _items.RemoveFirst();
        ScheduleSweepLocked();
        return HandOut(first.Value);
    }

    private ClaimedExecution HandOut(Held held) => held.Claim with { HeldFor = _time.GetElapsedTime(held.SentAt) };

    private bool IsStale(Held held) => _time.GetElapsedTime(held.SentAt) >= held.HoldLimit;

    private int ReleaseStaleLocked()
    {
        var released = 0;
        for (var node = _items.First; node is not null;)
        {
            var next = node.Next;
            if (IsStale(node.Value))
            {
                _items.Remove(node);
                StartReleaseLocked(node.Value);
                released++;
            }

            node = next;
        }

        return released;
    }

    /// <summary>The timer's work: give back whatever has waited too long, even when nobody is taking.</summary>
    private void Sweep()
    {
        lock (_lock)
        {
            if (_disposed) return;
            // Nobody is taking: claiming again would only take the same work back and hide it once more.
            if (ReleaseStaleLocked() > 0 && _takers.Count == 0) _paused = true;
            ScheduleSweepLocked();
        }
    }

    private void ScheduleSweepLocked()
    {
        if (_disposed) return;
        if (_items.Count == 0)
        {
            _sweepTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = _items.Min(h => h.HoldLimit - _time.GetElapsedTime(h.SentAt));
        _sweepTimer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private void StartReleaseLocked(Held held)
    {
        var release = ReleaseAsync(HandOut(held));
        _releases.Add(release);
        _ = release.ContinueWith(
            t =>
            {
                lock (_lock) _releases.Remove(t);
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ReleaseAsync(ClaimedExecution claim)
    {
        // Off the caller's lock, and never cancelled: a release at dispose is the point of disposing.
        await Task.Yield();
        Exception? failure = null;
        try
        {
            await _client.ReleaseAsync(claim.Id, _request.WorkerId, claim.ClaimToken, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or BatonApiException or OperationCanceledException or IOException)
        {
            failure = e;
        }

        Released?.Invoke(claim, failure);
    }

    private void SignalLocked()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An execution waiting in the buffer, with when its claim was sent and how long it may wait.</summary>
    private sealed record Held(ClaimedExecution Claim, long SentAt, TimeSpan HoldLimit);
}
