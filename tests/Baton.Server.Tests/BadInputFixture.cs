using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;
using Baton.Contracts.Workers;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// One server with a known state for the bad-input table: a tenant with one claimed and one pending execution and
/// a registered worker. Every bad request must leave <see cref="SnapshotAsync"/> exactly as it was.
/// </summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    private ServerHarness _server = null!;

    internal ServerHarness Server => _server;
    public BatonClient Client { get; private set; } = null!;
    public string ApiKey { get; private set; } = null!;
    public Guid ClaimedId { get; private set; }
    public Guid PendingId { get; private set; }
    public string Baseline { get; private set; } = null!;

    /// <summary>A message from agent <c>alpha</c> to <c>beta</c>, which has a message.delivered subscription.</summary>
    public string MessageId { get; private set; } = null!;

    public string SubscriptionId { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _server = await ServerHarness.StartAsync();
        (Client, ApiKey) = await _server.RegisterTenantAsync();
        var enqueued = await Client.EnqueueBatchAsync([new() { Task = "claimed" }, new() { Task = "pending" }], ct);
        (ClaimedId, PendingId) = (enqueued.Executions[0].Id, enqueued.Executions[1].Id);
        await Client.ClaimByIdAsync(ClaimedId, new ClaimByIdRequest { WorkerId = "w1", LeaseSeconds = 3600 }, ct);
        await Client.WorkerHeartbeatAsync(new WorkerHeartbeatRequest { WorkerId = "w1" }, ct);
        await Client.CreateAgentAsync(new AgentRequest { DisplayName = "alpha" }, ct);
        await Client.CreateAgentAsync(new AgentRequest { DisplayName = "beta" }, ct);
        var subscription = await new Messaging.RawApi(_server, ApiKey).ExpectAsync(
            System.Net.HttpStatusCode.Created, "POST", "/v1/agents/beta/subscriptions", """{"event_type": "message.delivered"}""");
        SubscriptionId = subscription.GetProperty("id").GetString()!;
        MessageId = (await Client.SendMessageAsync("alpha", new SendMessageRequest { To = "beta", Body = "hello" }, ct: ct)).Id;
        Baseline = await SnapshotAsync(ct);
    }

    /// <summary>Everything a bad request could have changed, as one comparable string.</summary>
    public async Task<string> SnapshotAsync(CancellationToken ct)
    {
        var list = await Client.ListExecutionsAsync(new ExecutionListQuery { Limit = 100 }, ct);
        var workers = await Client.ListWorkersAsync(ct);
        var me = await Client.GetMeAsync(ct);
        var tenants = await _server.Service<IBatonStore>().CountTenantsAsync(ct);
        var agents = await Client.ListAgentsAsync(includeDeleted: true, ct: ct);
        var sent = await Client.ListSentAsync("alpha", ct: ct);
        var api = new Messaging.RawApi(_server, ApiKey);
        var subscriptions = await api.ExpectAsync(System.Net.HttpStatusCode.OK, "GET", "/v1/agents/beta/subscriptions");
        var events = await api.ExpectAsync(System.Net.HttpStatusCode.OK, "GET", "/v1/agents/beta/events");
        return string.Join('\n',
            JsonSerializer.Serialize(list, BatonJson.Default.ExecutionListResponse),
            JsonSerializer.Serialize(agents, BatonJson.Default.AgentListResponse),
            JsonSerializer.Serialize(sent, BatonJson.Default.MessageListResponse),
            subscriptions.GetRawText(),
            events.GetRawText(),
            string.Join(',', workers.Workers.Select(w => w.WorkerId + "@" + w.LastHeartbeat.ToString("O"))),
            me.ApiKeyPrefix,
            tenants);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
