using Baton.Core.Messaging;

namespace Baton.Core.Storage;

/// <summary>Agents: the named identities of a tenant that messages go between (docs/messaging.md).</summary>
public interface IAgentStore
{
    /// <summary>Stores a new agent; a slug a live agent of the tenant already has throws agent_slug_taken.</summary>
    Task<Agent> CreateAgentAsync(CreateAgentParams p, CancellationToken ct);

    /// <summary>The agent by id or by slug (a live one, unless <c>IncludeDeleted</c>); null when the tenant has none.</summary>
    Task<Agent?> GetAgentAsync(GetAgentParams p, CancellationToken ct);

    Task<AgentPage> ListAgentsAsync(ListAgentsParams p, CancellationToken ct);

    /// <summary>The agent after the change; throws agent_not_found for a deleted or unknown one.</summary>
    Task<Agent> UpdateAgentAsync(UpdateAgentParams p, CancellationToken ct);

    /// <summary>Soft delete; false when the tenant has no such live agent.</summary>
    Task<bool> DeleteAgentAsync(DeleteAgentParams p, CancellationToken ct);
}
