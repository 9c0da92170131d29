using System.Collections.Concurrent;
using System.Reflection;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Contracts.Workers;
using Baton.Worker.Configuration;

namespace Baton.Worker.Daemon;

/// <summary>
/// The worker loop (docs/worker.md): register with a worker heartbeat, long-poll claims for exactly the configured
/// task names with never more than <c>max_concurrent</c> running (and, with <c>prefetch</c>, up to that many more
/// claimed and ready in a <see cref="ClaimBuffer"/>), run each in an <see cref="ExecutionRunner"/>, and on stop
/// release what was prefetched and not started, drain within <c>shutdown_grace_seconds</c>, then kill and release the rest.
/// </summary>
public sealed class WorkerDaemon
{
    /// <summary>The exit code when the server refuses the key (the CLI's authentication code).</summary>
    public const int UnauthorizedExitCode = 3;

    public const string ReadyLinePrefix = "Baton worker ";

    /// <summary>Claims long-poll this long (the server allows up to 60 s).</summary>
    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StateReportTimeout = TimeSpan.FromSeconds(5);

    private readonly WorkerConfig _config;
    private readonly WorkerContext _context;
    private readonly ConcurrentDictionary<Guid, (ExecutionRunner Runner, Task Task)> _running = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _unauthorized = new();
    private readonly Lock _unauthorizedLock = new();
    private string? _unauthorizedMessage;
    private volatile string _state = WorkerStates.Running;

    public WorkerDaemon(WorkerConfig config, string apiKey, BatonClient client, TextWriter output, TextWriter error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        var log = new WorkerLog(output, error, time);
        var outcomeDirectory = Path.Combine(Path.GetTempPath(), $"baton-worker-{Environment.ProcessId}");
        _context = new WorkerContext(config, apiKey, client, log, new ServerOutage(log, time), time, outcomeDirectory, OnUnauthorized);
        _slots = new SemaphoreSlim(config.MaxConcurrent, config.MaxConcurrent);
    }

    public static string Version { get; } =
        typeof(WorkerDaemon).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private WorkerLog Log => _context.Log;

    /// <summary>
    /// Runs until <paramref name="stop"/> (SIGTERM/SIGINT) and the drain after it, which <paramref name="hurry"/> (a
    /// second signal) cuts short; returns 0, or 3 when the key was refused.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken stop, CancellationToken hurry = default)
    {
        // Outcome files may carry evidence: only this user may read them.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(_context.OutcomeDirectory);
        else Directory.CreateDirectory(_context.OutcomeDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var stopClaiming = CancellationTokenSource.CreateLinkedTokenSource(stop, _unauthorized.Token);
        using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(_unauthorized.Token);
        try
        {
            Log.Info($"{ReadyLinePrefix}{_config.WorkerId} started: handlers {string.Join(", ", _config.TaskNames)}; " +
                     $"server {_context.Client.BaseUrl.AbsoluteUri.TrimEnd('/')}; up to {_config.MaxConcurrent} at once" +
                     (_config.Prefetch > 0 ? $", {_config.Prefetch} more prefetched." : "."));
            var workerHeartbeats = WorkerHeartbeatLoopAsync(stopHeartbeats.Token);
            await ClaimLoopAsync(stopClaiming.Token);
            // Said at once and by every heartbeat while draining, so `workers ls` shows the stop as it happens.
            _state = WorkerStates.Stopping;
            if (_unauthorizedMessage is null) await SayStateAsync();
            await DrainAsync(hurry);
            await stopHeartbeats.CancelAsync();
            await workerHeartbeats;
            _state = WorkerStates.Stopped;
            if (_unauthorizedMessage is null) await SayStateAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(_context.OutcomeDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        if (_unauthorizedMessage is not null)
        {
            Log.Error(_unauthorizedMessage);
            return UnauthorizedExitCode;
        }

        Log.Info($"{ReadyLinePrefix}{_config.WorkerId} stopped.");
        return 0;
    }

    private async Task ClaimLoopAsync(CancellationToken ct)
    {
        var request = new ClaimExecutionsRequest
        {
            WorkerId = _config.WorkerId,
            Tasks = [.. _config.TaskNames],
            Queue = _config.Queue,
            RunId = _config.RunId,
            LeaseSeconds = _config.LeaseSeconds,
            WaitSeconds = (int)ClaimWait.TotalSeconds,
        };
        if (_config.Prefetch > 0)
        {
            await PrefetchLoopAsync(request, ct);
            return;
        }

        while (!ct.IsCancellationRequested)
        {
            // One free slot is needed to ask at all; take every other free one too and claim that many at once.
            try
            {
                await _slots.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var free = 1;
            while (_slots.Wait(0)) free++;
            var claimed = 0;
            var asked = _context.Time.GetTimestamp();
            try
            {
                var response = await _context.Client.TryClaimAsync(request with { Limit = free }, ct);
                _context.Outage.Answered();
                if (response is not null)
                {
                    foreach (var work in ClaimedWork.From(response))
                    {
                        claimed++;
                        Start(work);
                    }
                }
                else if (_context.Time.GetElapsedTime(asked) < ClaimWait - TimeSpan.FromSeconds(1))
                {
                    // The long-poll came back early and empty (a server restarting, a proxy): the poll interval is
                    // the safety net against spinning.
                    await Task.Delay(_config.PollInterval, _context.Time, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!await ClaimFailedAsync(e, ct)) return;
            }
            finally
            {
                if (free > claimed) _slots.Release(free - claimed);
            }
        }
    }

    /// <summary>
    /// With <c>prefetch</c>: a free slot takes the next execution from a <see cref="ClaimBuffer"/> that keeps up to
    /// that many claimed ahead, so it starts without a round trip. Work the buffer holds is not listed in the worker
    /// heartbeat's <c>holding</c>, so its lease runs from the claim; the buffer gives back whatever waits half a
    /// lease, and on stop everything it still holds, at once.
    /// </summary>
    private async Task PrefetchLoopAsync(ClaimExecutionsRequest request, CancellationToken ct)
    {
        var buffer = new ClaimBuffer(_context.Client, request, _config.Prefetch, _context.Time)
        {
            EmptyPollPause = _config.PollInterval,
            Released = (claim, failure) =>
            {
                if (failure is null) Log.Info($"{claim.Id}: released unstarted after {claim.HeldFor.TotalSeconds:0.#} s in the prefetch buffer.");
                else Log.Warning($"{claim.Id}: release of a prefetched execution failed: {ApiFailure.Describe(failure)}; it returns to the queue when its lease runs out.");
            },
        };
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await _slots.WaitAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var started = false;
                try
                {
                    var claimed = await buffer.TakeAsync(ct);
                    _context.Outage.Answered();
                    Start(new ClaimedWork(claimed.Execution, claimed.ClaimToken, claimed.LeaseSeconds, claimed.HeldFor));
                    started = true;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    if (!await ClaimFailedAsync(e, ct)) return;
                }
                finally
                {
                    if (!started) _slots.Release();
                }
            }
        }
        finally
        {
            var held = buffer.Count;
            if (held > 0) Log.Info($"stopping: releasing {held} prefetched execution(s) that had not started.");
            await buffer.DisposeAsync();
        }
    }

    /// <summary>Logs a failed claim and waits before the next; false when the key was refused and the loop must end.</summary>
    private async Task<bool> ClaimFailedAsync(Exception e, CancellationToken ct)
    {
        switch (ApiFailure.Classify(e))
        {
            case ApiFailureKind.Unauthorized:
                OnUnauthorized(e);
                return false;
            case ApiFailureKind.Transient:
                await DelayAsync(_context.Outage.Failed("claim", e, (e as BatonApiException)?.RetryAfter), ct);
                return true;
            default:
                _context.Outage.Answered();
                Log.Error($"claim refused: {ApiFailure.Describe(e)}; trying again in {_config.PollInterval.TotalSeconds:0.#} s.");
                await DelayAsync(_config.PollInterval, ct);
                return true;
        }
    }

    private void Start(ClaimedWork work)
    {
        var handler = _config.FindHandler(work.Execution.Task);
        if (handler is null)
        {
            // The claim asked only for these tasks, so this would be a server bug; give it straight back.
            Log.Error($"{work.Id}: claimed task '{work.Execution.Task}' has no handler here; releasing it.");
            _ = ReleaseUnhandledAsync(work);
            return;
        }

        Log.Info($"{work.Id} ({handler.Task}, attempt {work.Execution.Attempts}): claimed.");
        var runner = new ExecutionRunner(_context, work, handler);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Listed before it starts, so that a fast handler's removal cannot come before its addition.
        _running[work.Id] = (runner, done.Task);
        _ = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync();
            }
            finally
            {
                _running.TryRemove(work.Id, out _);
                _slots.Release();
                done.SetResult();
            }
        });
    }

    private async Task ReleaseUnhandledAsync(ClaimedWork work)
    {
        try
        {
            await _context.Client.ReleaseAsync(work.Id, _config.WorkerId, work.ClaimToken);
        }
        catch (Exception e)
        {
            Log.Warning($"{work.Id}: release failed: {ApiFailure.Describe(e)}");
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>After the claim loop: give running handlers the shutdown grace, then kill and release the rest.</summary>
    private async Task DrainAsync(CancellationToken hurry)
    {
        var running = _running.Values.ToList();
        if (_unauthorizedMessage is not null)
        {
            foreach (var (runner, _) in running) runner.Stop(StopReason.Unauthorized);
            await Task.WhenAll(running.Select(r => r.Task));
            return;
        }

        if (running.Count == 0) return;
        Log.Info($"stopping: no new claims; waiting up to {_config.ShutdownGrace.TotalSeconds:0.#} s for {running.Count} running handler(s).");
        var all = Task.WhenAll(running.Select(r => r.Task));
        await Task.WhenAny(all, Task.Delay(_config.ShutdownGrace, _context.Time, hurry));
        foreach (var (runner, task) in running)
        {
            if (!task.IsCompleted) runner.Stop(StopReason.Shutdown);
        }

        await all;
    }

    /// <summary>One worker heartbeat carrying <see cref="_state"/>, best effort: a stop is never held up by a slow server.</summary>
    private async Task SayStateAsync()
    {
        using var timeout = new CancellationTokenSource(StateReportTimeout);
        try
        {
            await _context.Client.WorkerHeartbeatAsync(HeartbeatRequest(), timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or BatonApiException or IOException)
        {
            // Unreported, the worker shows as active until its heartbeats go stale, as before.
        }
    }

    private WorkerHeartbeatRequest HeartbeatRequest() => new()
    {
        WorkerId = _config.WorkerId,
        Handlers = [.. _config.TaskNames],
        Version = Version,
        Host = Environment.MachineName,
        State = _state,
        // What this process runs now: a claim an earlier run of this worker id left behind is not kept alive.
        Holding = [.. _running.Keys],
    };

    private async Task WorkerHeartbeatLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var delay = _config.HeartbeatInterval;
            try
            {
                await _context.Client.WorkerHeartbeatAsync(HeartbeatRequest(), ct);
                _context.Outage.Answered();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                switch (ApiFailure.Classify(e))
                {
                    case ApiFailureKind.Unauthorized:
                        OnUnauthorized(e);
                        return;
                    case ApiFailureKind.Transient:
                        var backOff = _context.Outage.Failed("worker heartbeat", e, (e as BatonApiException)?.RetryAfter);
                        if (backOff < delay) delay = backOff;
                        break;
                    default:
                        Log.Error($"worker heartbeat refused: {ApiFailure.Describe(e)}");
                        break;
                }
            }

            await DelayAsync(delay, ct);
        }
    }

    private void OnUnauthorized(Exception e)
    {
        lock (_unauthorizedLock)
        {
            if (_unauthorizedMessage is not null) return;
            var code = (e as BatonApiException)?.Code ?? "unauthorized";
            _unauthorizedMessage = $"the server refused the API key ({code}): it was rotated or revoked, or it is not a key for " +
                                   $"{_context.Client.BaseUrl.AbsoluteUri.TrimEnd('/')}. Put a valid key in the config (api_key) or " +
                                   "BATON_API_KEY and start the worker again. Stopping.";
        }

        _unauthorized.Cancel();
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _context.Time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
