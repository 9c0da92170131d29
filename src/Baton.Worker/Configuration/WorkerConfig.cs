namespace Baton.Worker.Configuration;

/// <summary>
/// A worker's settings as read from its YAML file (the cueapi-worker schema plus Baton's additions); docs/worker.md
/// lists every key with its default.
/// </summary>
public sealed record WorkerConfig
{
    public const string DefaultApiBase = "http://127.0.0.1:8420";

    /// <summary>The file it came from, for messages and the service unit.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The key from the file, if it names one; see <see cref="ApiKeyResolver"/> for the other sources.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The server's root URL (a trailing <c>/v1</c> in the file is removed).</summary>
    public required Uri ApiBase { get; init; }

    public required string WorkerId { get; init; }

    /// <summary>How long to pause after a claim came back empty early; claims long-poll, so this is only a safety net.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the worker and each running execution heartbeat (never less often than a third of the lease).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxConcurrent { get; init; } = 4;

    /// <summary>
    /// How many claimed executions to keep ready beyond the running ones (0 = none: claim only for free slots). Each
    /// waits at most half its lease and is then given back (<see cref="Baton.Client.ClaimBuffer"/>).
    /// </summary>
    public int Prefetch { get; init; }

    /// <summary>Handlers by task name, in the file's order.</summary>
    public required IReadOnlyList<HandlerConfig> Handlers { get; init; }

    /// <summary>Claim only from this queue; any queue when null.</summary>
    public string? Queue { get; init; }

    /// <summary>Claim only executions of this run; any when null.</summary>
    public string? RunId { get; init; }

    /// <summary>The lease asked for on each claim; the server's default (900 s) when null.</summary>
    public int? LeaseSeconds { get; init; }

    /// <summary>On SIGTERM/SIGINT, how long running handlers may go on before they are killed and released.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Between SIGTERM and SIGKILL of a handler's process group.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The shell that runs handler commands as <c>SHELL -c COMMAND</c>.</summary>
    public string Shell { get; init; } = "/bin/sh";

    public IEnumerable<string> TaskNames => Handlers.Select(h => h.Task);

    public HandlerConfig? FindHandler(string? task) => Handlers.FirstOrDefault(h => h.Task == task);
}
