namespace Baton.Core.Messaging;

/// <summary>The limits and defaults of messages (the messaging issue; CueAPI's numbers).</summary>
public static class Messages
{
    public const int DefaultPriority = 3;
    public const int MinPriority = 1;
    public const int MaxPriority = 5;
    public const int MaxBodyLength = 32_768;
    public const int MaxSubjectLength = 255;
    public const int MaxMetadataBytes = 10 * 1024;
    public const int PreviewLength = 200;

    /// <summary>A message nobody acked becomes <c>expired</c> after this long.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(30);

    /// <summary>An idempotency key returns the same message for this long; after it, the key may be used again.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>The longest an inbox read may park (<c>wait</c>).</summary>
    public const int MaxWaitSeconds = 60;
}
