using System.Text.Json;

namespace Baton.Contracts.Messaging;

/// <summary>An agent: a named identity of the account that sends and receives messages.</summary>
public sealed record AgentResponse
{
    /// <summary><c>agt_</c> + 12 characters.</summary>
    public required string Id { get; init; }

    /// <summary>The owning account (tenant) id.</summary>
    public required string UserId { get; init; }

    public required string Slug { get; init; }
    public required string DisplayName { get; init; }
    public string? WebhookUrl { get; init; }

    /// <summary>Only in the answer that made it (create with a URL, or regenerate); null otherwise.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Always an object (<c>{}</c> when none was given).</summary>
    public required JsonElement Metadata { get; init; }

    /// <summary><c>online</c>, <c>offline</c> or <c>away</c>.</summary>
    public required string Status { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
