namespace Baton.Contracts.Workers;

/// <summary><c>POST /v1/worker/heartbeat</c>: registers or refreshes a worker and extends its leases.</summary>
public sealed record WorkerHeartbeatRequest
{
    /// <summary>The worker, 1–255 characters. Required.</summary>
    public string? WorkerId { get; init; }

    /// <summary>Task names the worker handles.</summary>
    public IReadOnlyList<string>? Handlers { get; init; }

    /// <summary>(ext) The worker's version.</summary>
    public string? Version { get; init; }

    /// <summary>(ext) The host it runs on.</summary>
    public string? Host { get; init; }

    /// <summary>(ext) <c>running</c> (default), <c>stopping</c> (draining after a stop signal) or <c>stopped</c> (exited cleanly).</summary>
    public string? State { get; init; }

    /// <summary>
    /// (ext) The executions this worker process holds now. When given, only these of the worker's leases are extended,
    /// so a claim that an earlier run of a worker with the same id left behind (it crashed and was restarted) runs
    /// out and is rescued instead of being kept alive for ever. Left out (CueAPI workers): every lease the worker id
    /// holds is extended.
    /// </summary>
    public IReadOnlyList<Guid>? Holding { get; init; }
}
