using System.Security.Cryptography;
using Baton.Contracts.Errors;
using Baton.Core.Storage;

namespace Baton.Core.Messaging;

/// <summary>Agents: create, find by reference, change, soft-delete, and their webhook secrets.</summary>
public sealed class AgentService(IAgentStore store, TimeProvider time)
{
    public const string IdPrefix = "agt_";
    public const string SecretPrefix = "whsec_";

    /// <summary>How many numbered slugs a derived slug tries before giving up on the name.</summary>
    private const int DerivedSlugAttempts = 50;

    public async Task<Agent> CreateAsync(string tenantId, AgentDraft draft, CancellationToken ct)
    {
        var secret = draft.WebhookUrl is null ? null : NewSecret();
        if (draft.Slug is { } slug)
        {
            return await store.CreateAgentAsync(Params(slug), ct);
        }

        var stem = AgentSlugs.Derive(draft.DisplayName);
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? stem : stem + "-" + n;
            try
            {
                return await store.CreateAgentAsync(Params(candidate), ct);
            }
            catch (BatonException e) when (e.Code == ErrorCodes.AgentSlugTaken && n < DerivedSlugAttempts)
            {
                // A derived slug is ours to choose: take the next number.
            }
        }

        CreateAgentParams Params(string s) =>
            new(tenantId, IdPrefix + Ids.RandomToken(12), s, draft.DisplayName, draft.WebhookUrl, secret, draft.MetadataJson,
                time.GetUtcNow());
    }

    /// <summary>
    /// An agent of the tenant by reference: its <c>agt_</c> id, its slug, or <c>slug@tenant</c> where the tenant
    /// part is the caller's own tenant id (another tenant's agents are never found: 404, as for any object).
    /// </summary>
    public async Task<Agent> ResolveAsync(string tenantId, string reference, CancellationToken ct, bool includeDeleted = false)
    {
        if (string.IsNullOrEmpty(reference) || reference.Length > 300) throw Errors.AgentNotFound();
        GetAgentParams query;
        if (reference.StartsWith(IdPrefix, StringComparison.Ordinal))
        {
            query = new GetAgentParams(tenantId, Id: reference, IncludeDeleted: includeDeleted);
        }
        else
        {
            var at = reference.IndexOf('@', StringComparison.Ordinal);
            var slug = at < 0 ? reference : reference[..at];
            if (at >= 0 && reference[(at + 1)..] != tenantId) throw Errors.AgentNotFound();
            query = new GetAgentParams(tenantId, Slug: slug, IncludeDeleted: includeDeleted);
        }

        return await store.GetAgentAsync(query, ct) ?? throw Errors.AgentNotFound();
    }

    public Task<AgentPage> ListAsync(ListAgentsParams query, CancellationToken ct) => store.ListAgentsAsync(query, ct);

    /// <summary>Applies a change; setting a webhook URL on an agent without a secret makes one (returned once).</summary>
    public async Task<Agent> UpdateAsync(Agent current, UpdateAgentParams change, CancellationToken ct)
    {
        if (change.WebhookUrl is not null && current.WebhookSecret is null) change = change with { WebhookSecret = NewSecret() };
        return await store.UpdateAgentAsync(change with { Now = time.GetUtcNow() }, ct);
    }

    public async Task DeleteAsync(string tenantId, string reference, CancellationToken ct)
    {
        var agent = await ResolveAsync(tenantId, reference, ct);
        if (!await store.DeleteAgentAsync(new DeleteAgentParams(tenantId, agent.Id, time.GetUtcNow()), ct))
        {
            throw Errors.AgentNotFound();
        }
    }

    public async Task<string> RegenerateSecretAsync(Agent agent, CancellationToken ct)
    {
        if (agent.WebhookUrl is null) throw Errors.NoWebhookSecret();
        var updated = await store.UpdateAgentAsync(
            new UpdateAgentParams(agent.TenantId, agent.Id) { WebhookSecret = NewSecret(), Now = time.GetUtcNow() }, ct);
        return updated.WebhookSecret!;
    }

    /// <summary>A new secret that signs webhook pushes (an agent's, or a webhook subscription's own).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
