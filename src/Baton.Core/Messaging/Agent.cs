namespace Baton.Core.Messaging;

/// <summary>
/// A named identity of a tenant that sends and receives messages (docs/messaging.md). <see cref="WebhookSecret"/> signs
/// pushes to <see cref="WebhookUrl"/>; it is shown only when made. A deleted agent keeps its row (soft delete).
/// </summary>
public sealed record Agent(
    string Id,
    string TenantId,
    string Slug,
    string DisplayName,
    string? WebhookUrl,
    string? WebhookSecret,
    string MetadataJson,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt);
