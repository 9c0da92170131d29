namespace Baton.Worker.Configuration;

/// <summary>How one task is handled: a shell command, where it runs, how long it may take, and extra environment.</summary>
public sealed record HandlerConfig
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    public required string Task { get; init; }

    public required string Command { get; init; }

    /// <summary>Absolute; the daemon's working directory when the file names none.</summary>
    public string? WorkingDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Values may hold <c>{{ payload.a.b }}</c> placeholders, filled per execution.</summary>
    public IReadOnlyDictionary<string, PayloadTemplate> Environment { get; init; } = new Dictionary<string, PayloadTemplate>();
}
