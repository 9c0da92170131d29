namespace Baton.Server.Validation;

/// <summary>The request limits the API documents, in one place.</summary>
internal static class Limits
{
    public const int TitleLength = 256;
    public const int RunIdLength = 256;
    public const int NameLength = 255;
    public const int MaxTags = 20;
    public const int TagLength = 64;
    public const int IdempotencyKeyLength = 256;
    public const int MaxBackoffValues = 10;
    public const int MaxBackoffSeconds = 86_400;
    public const int MaxPriority = 1_000_000;
    public const int MaxTtlSeconds = 365 * 86_400;
    public const int PayloadBytes = 1024 * 1024;
    public const int MaxEnqueueBatch = 1000;
    public const int MaxClaimLimit = 100;
    public const int MaxOutcomeBatch = 100;
    public const int OutcomeTextLength = 2000;
    public const int MetadataBytes = 10 * 1024;
    public const int ProgressBytes = 10 * 1024;
    public const int EvidenceIdLength = 500;
    public const int ResultTypeLength = 100;
    public const int SummaryLength = 500;
    public const int ResultUrlLength = 2048;
    public const int MaxArtifacts = 100;
    public const int ArtifactsBytes = 64 * 1024;
    public const int CancelReasonLength = 500;
    public const int MaxHandlers = 100;
    public const int VersionLength = 100;
    public const int MaxListLimit = 100;

    /// <summary>The most executions a worker heartbeat may say it holds (<c>holding</c>).</summary>
    public const int MaxHolding = 1000;
}
