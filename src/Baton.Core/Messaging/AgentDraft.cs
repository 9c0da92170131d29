namespace Baton.Core.Messaging;

/// <summary>A new agent as asked for; <see cref="Slug"/> null means derive one from the display name.</summary>
public sealed record AgentDraft(string DisplayName, string? Slug, string? WebhookUrl, string MetadataJson);
