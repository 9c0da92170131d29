using Baton.Client;
using Baton.Contracts.Errors;
using Baton.Contracts.Executions;
using Baton.Worker.Configuration;
using Baton.Worker.Handlers;
using Baton.Worker.Outcomes;

namespace Baton.Worker.Daemon;

/// <summary>
/// Runs one claimed execution to its end: starts the handler, heartbeats the claim while it runs (and until its
/// outcome is in), enforces the handler's timeout, and then reports the outcome — or, when the execution was
/// cancelled or the claim lost, kills the handler and reports nothing; when the daemon shuts down, kills it and
/// releases the execution to another worker.
/// </summary>
internal sealed class ExecutionRunner
{
    private readonly WorkerContext _context;
    private readonly ClaimedWork _work;
    private readonly HandlerConfig _handler;
    private readonly TaskCompletionSource<StopReason> _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ExecutionRunner(WorkerContext context, ClaimedWork work, HandlerConfig handler)
    {
        _context = context;
        _work = work;
        _handler = handler;
    }

    public Guid Id => _work.Id;

    private string Label => $"{_work.Id} ({_handler.Task}, attempt {_work.Execution.Attempts})";

    /// <summary>Asks the runner to kill its handler for <paramref name="reason"/> (the first reason wins).</summary>
    public void Stop(StopReason reason) => _stopRequested.TrySetResult(reason);

    public async Task RunAsync()
    {
        var outcomeFile = Path.Combine(_context.OutcomeDirectory, _work.Id.ToString("D") + ".json");
        using var heartbeats = new CancellationTokenSource();
        using var trace = WorkerTrace.Start(_work.Execution);
        Task? heartbeatLoop = null;
        try
        {
            File.Delete(outcomeFile);
            var environment = HandlerEnvironment.Build(
                _handler, _work, _context.Config.WorkerId, _context.ApiKey, _context.Client.BaseUrl, outcomeFile,
                WorkerTrace.ForHandler(trace, _work.Execution));
            var started = _context.Time.GetTimestamp();
            HandlerProcess process;
            try
            {
                process = HandlerProcess.Start(new HandlerStartInfo(_context.Config.Shell, _handler.Command, _handler.WorkingDirectory, environment));
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
            {
                _context.Log.Error($"{Label}: could not start the handler: {e.Message}");
                var run = new HandlerRun(127, false, _handler.Timeout, "could not start the handler: " + e.Message, TimeSpan.Zero);
                await ReportAsync(OutcomeComposer.Compose(run, OutcomeFileReading.Absent));
                return;
            }

            using (process)
            {
                _context.Log.Info($"{Label}: started handler (pid {process.ProcessId}).");
                heartbeatLoop = HeartbeatLoopAsync(heartbeats.Token);
                var exited = process.WaitForExitAsync(CancellationToken.None);
                using var timer = new CancellationTokenSource();
                var timeout = Task.Delay(_handler.Timeout, _context.Time, timer.Token);
                var first = await Task.WhenAny(exited, timeout, _stopRequested.Task);
                await timer.CancelAsync();
                var reason = StopReason.None;
                if (first == timeout && timeout.IsCompletedSuccessfully && !exited.IsCompleted)
                {
                    reason = StopReason.TimedOut;
                    _context.Log.Warning($"{Label}: timed out after {_handler.Timeout.TotalSeconds:0.###} s; stopping its process group.");
                }
                else if (first == _stopRequested.Task && !exited.IsCompleted)
                {
                    reason = await _stopRequested.Task;
                }

                if (reason != StopReason.None) await process.KillAsync(_context.Config.KillGrace);
                var exitCode = await exited;
                var duration = _context.Time.GetElapsedTime(started);

                switch (reason)
                {
                    case StopReason.Cancelled:
                        _context.Log.Info($"{Label}: cancelled on the server; handler killed, nothing reported.");
                        return;
                    case StopReason.ClaimLost:
                        _context.Log.Warning($"{Label}: the claim was lost (its lease ran out or another worker holds it); handler killed, execution dropped.");
                        return;
                    case StopReason.Unauthorized:
                        return;
                    case StopReason.Shutdown:
                        await ReleaseAsync();
                        return;
                }

                var reading = OutcomeFile.Read(outcomeFile);
                // Gone before the report, so whoever sees the outcome never finds the file.
                TryDelete(outcomeFile);
                foreach (var (field, why) in reading.Dropped) _context.Log.Warning($"{Label}: outcome file field '{field}' dropped: {why}");
                if (reading.ParseError is not null) _context.Log.Warning($"{Label}: outcome file ignored: {reading.ParseError}");
                var run = new HandlerRun(exitCode, reason == StopReason.TimedOut, _handler.Timeout, process.OutputText(), duration);
                await ReportAsync(OutcomeComposer.Compose(run, reading));
            }
        }
        catch (Exception e)
        {
            _context.Log.Error($"{Label}: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await heartbeats.CancelAsync();
            if (heartbeatLoop is not null) await heartbeatLoop;
            TryDelete(outcomeFile);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        var every = _context.HeartbeatEvery(_work.LeaseSeconds);
        // The lease started at the claim: time spent waiting in the prefetch buffer counts against the first interval.
        var next = every > _work.HeldFor ? every - _work.HeldFor : TimeSpan.Zero;
        try
        {
            while (true)
            {
                await Task.Delay(next, _context.Time, ct);
                next = every;
                try
                {
                    await _context.Client.HeartbeatAsync(_work.Id, _context.Config.WorkerId, _work.ClaimToken, null, ct);
                    _context.Outage.Answered();
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    switch (ApiFailure.Classify(e))
                    {
                        case ApiFailureKind.Transient:
                            // The lease outlives a few missed heartbeats; the claim loop reports the outage.
                            _context.Outage.Failed("heartbeat", e);
                            continue;
                        case ApiFailureKind.Unauthorized:
                            Stop(StopReason.Unauthorized);
                            _context.Unauthorized(e);
                            return;
                    }

                    _context.Outage.Answered();
                    Stop(e is BatonApiException { Code: ErrorCodes.ExecutionCancelled } ? StopReason.Cancelled : StopReason.ClaimLost);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The execution is over.
        }
    }

    private async Task ReportAsync(RecordOutcomeRequest outcome)
    {
        var deadline = _context.Time.GetUtcNow().AddSeconds(Math.Max(60, _work.LeaseSeconds));
        var attempt = outcome;
        while (true)
        {
            try
            {
                var recorded = await _context.Client.RecordOutcomeAsync(_work.Id, attempt, _context.Config.WorkerId, _work.ClaimToken);
                _context.Outage.Answered();
                _context.Log.Info($"{Label}: {(attempt.Success == true ? "succeeded" : "failed")}; outcome recorded ({recorded.Status ?? recorded.OutcomeState}).");
                return;
            }
            catch (Exception e)
            {
                switch (ApiFailure.Classify(e))
                {
                    case ApiFailureKind.Transient when _context.Time.GetUtcNow() < deadline && !_stopRequested.Task.IsCompleted:
                        await Task.Delay(_context.Outage.Failed("outcome", e, (e as BatonApiException)?.RetryAfter), _context.Time);
                        continue;
                    case ApiFailureKind.Unauthorized:
                        _context.Unauthorized(e);
                        return;
                    case ApiFailureKind.Refused when e is BatonApiException { Code: ErrorCodes.ValidationError or ErrorCodes.MetadataTooLarge } api && attempt == outcome:
                        // Should not happen (every field was checked against the same limits), but an execution must
                        // not wait out its lease for it: report the bare result instead.
                        _context.Log.Error($"{Label}: the server refused the outcome ({ApiFailure.Describe(api)}); reporting it without the outcome file's fields.");
                        attempt = new RecordOutcomeRequest
                        {
                            Success = outcome.Success,
                            Result = outcome.Result is null ? null : OutcomeComposer.Tail(outcome.Result, 2000),
                            Error = outcome.Error is null ? null : OutcomeComposer.Tail(outcome.Error, 2000),
                        };
                        continue;
                }

                _context.Log.Warning($"{Label}: outcome not recorded: {ApiFailure.Describe(e)}.");
                return;
            }
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await _context.Client.ReleaseAsync(_work.Id, _context.Config.WorkerId, _work.ClaimToken);
            _context.Log.Info($"{Label}: handler killed at shutdown; execution released for another worker.");
        }
        catch (Exception e)
        {
            _context.Log.Warning($"{Label}: handler killed at shutdown, but the release failed ({ApiFailure.Describe(e)}); it returns to the queue when its lease runs out.");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A handler that made its outcome path a directory, say; nothing else to do.
        }
    }
}
