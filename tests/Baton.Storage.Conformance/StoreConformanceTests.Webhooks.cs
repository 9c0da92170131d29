using System.Collections.Concurrent;
using Baton.Core.Cues;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private static NewExecution WebhookExecution(int priority = 0, DateTimeOffset? scheduledFor = null) =>
        NewExecution(priority: priority, scheduledFor: scheduledFor) with { Transport = CueTransports.Webhook };

    private Task<IReadOnlyList<Execution>> ClaimWebhooksAsync(int limit = 10, IBatonStore? store = null) =>
        (store ?? Store).ClaimWebhookExecutionsAsync(
            new ClaimWebhookExecutionsParams("webhook-dispatcher@test", 120, limit, Now), Ct);

    [Fact]
    public async Task A_worker_claim_never_returns_a_webhook_execution_even_when_it_is_older_and_higher_priority()
    {
        var webhook = await EnqueueOneAsync(WebhookExecution(priority: 100, scheduledFor: Now.AddMinutes(-10)));
        var worker = await EnqueueOneAsync(NewExecution());

        var listed = await Store.ListClaimableAsync(new ListClaimableParams(TenantA, ClaimFilter.Any, 10, Now), Ct);
        Assert.Equal([worker.Id], listed.Select(e => e.Id));

        var claimed = await ClaimAsync(limit: 10);
        Assert.Equal([worker.Id], claimed.Select(e => e.Id));
        Assert.Empty(await ClaimAsync(filter: new ClaimFilter { Tasks = ["t"] }, limit: 10));

        var byId = await Store.ClaimExecutionsAsync(
            new ClaimExecutionsParams(TenantA, "w1", ClaimFilter.Any, 60, 1, webhook.Id, Now), Ct);
        Assert.Empty(byId);
        Assert.Equal(ExecutionStatus.Pending, (await GetAsync(webhook.Id)).Status);
    }

    [Fact]
    public async Task The_dispatcher_claims_only_due_webhook_executions_of_every_tenant_in_claim_order()
    {
        var low = await EnqueueOneAsync(WebhookExecution(priority: 0));
        var high = await EnqueueOneAsync(WebhookExecution(priority: 5));
        await EnqueueOneAsync(WebhookExecution(scheduledFor: Now.AddMinutes(5))); // not due yet
        await EnqueueOneAsync(NewExecution(priority: 50)); // a worker's
        var other = (await Store.EnqueueExecutionsAsync(
            new EnqueueExecutionsParams(TenantB, [WebhookExecution(priority: 1)], Now), Ct)).Executions[0];

        var claimed = await ClaimWebhooksAsync();

        Assert.Equal([high.Id, other.Id, low.Id], claimed.Select(e => e.Id));
        Assert.All(claimed, e =>
        {
            Assert.Equal(ExecutionStatus.Delivering, e.Status);
            Assert.Equal("webhook-dispatcher@test", e.ClaimedByWorker);
            Assert.Equal(1, e.Attempts);
            Assert.NotNull(e.ClaimToken);
            Assert.Equal(Now.AddSeconds(120), e.LeaseExpiresAt);
        });
        Assert.Equal(TenantB, claimed[1].TenantId);
        Assert.Empty(await ClaimWebhooksAsync());
    }

    [Fact]
    public async Task Concurrent_dispatchers_claim_every_webhook_execution_of_every_tenant_exactly_once()
    {
        const int perTenant = 300;
        const int claimers = 8;
        foreach (var tenant in new[] { TenantA, TenantB })
        {
            await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(
                tenant, [.. Enumerable.Range(0, perTenant).Select(_ => WebhookExecution())], Now), Ct);
        }

        await EnqueueAsync([.. Enumerable.Range(0, 100).Select(_ => NewExecution())]);
        var stores = new List<IBatonStore>();
        for (var i = 0; i < claimers; i++) stores.Add(await OpenStoreAsync());

        var claims = new ConcurrentBag<Execution>();
        using var start = new Barrier(claimers);
        var threads = Enumerable.Range(0, claimers).Select(n => Task.Factory.StartNew(async () =>
        {
            start.SignalAndWait(Ct);
            while (true)
            {
                var got = await ClaimWebhooksAsync(1 + n % 4 * 5, stores[n]);
                if (got.Count == 0) return;
                foreach (var e in got) claims.Add(e);
            }
        }, Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();
        await Task.WhenAll(threads);

        Assert.Equal(2 * perTenant, claims.Count);
        Assert.Equal(2 * perTenant, claims.Select(e => e.Id).Distinct().Count());
        Assert.All(claims, e => Assert.Equal(CueTransports.Webhook, e.Transport));
        Assert.Equal(perTenant, claims.Count(e => e.TenantId == TenantB));
        Assert.Equal(100, (await Store.ListClaimableAsync(new ListClaimableParams(TenantA, ClaimFilter.Any, 100, Now), Ct)).Count);
    }

    [Fact]
    public async Task A_webhook_outcome_keeps_its_http_status_and_retries_by_the_executions_policy()
    {
        var queued = await EnqueueOneAsync(WebhookExecution());
        var claimed = Assert.Single(await ClaimWebhooksAsync());
        Assert.Equal(queued.Id, claimed.Id);

        var report = new OutcomeReport
        {
            ExecutionId = claimed.Id,
            WorkerId = claimed.ClaimedByWorker,
            ClaimToken = claimed.ClaimToken,
            Success = false,
            Error = "HTTP 503: busy",
            HttpStatus = 503,
        };
        var result = Assert.Single(await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantA, [report], false, Now), Ct));

        Assert.Equal(ExecutionStatus.Retrying, result.Execution!.Status);
        Assert.Equal(503, result.Execution.HttpStatus);
        Assert.Equal(Now.AddSeconds(60), result.Execution.NextRetry);
        Assert.Equal(503, (await GetAsync(claimed.Id)).HttpStatus);
        Assert.Empty(await ClaimWebhooksAsync());
        Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(2, Assert.Single(await ClaimWebhooksAsync()).Attempts);
    }

    [Fact]
    public async Task A_webhook_secret_is_made_once_kept_by_later_first_uses_and_replaced_only_on_purpose()
    {
        Assert.Null(await Store.GetWebhookSecretAsync(new GetWebhookSecretParams(TenantA), Ct));

        var first = await Store.SetWebhookSecretAsync(new SetWebhookSecretParams(TenantA, "whsec_one", Replace: false), Ct);
        var second = await Store.SetWebhookSecretAsync(new SetWebhookSecretParams(TenantA, "whsec_two", Replace: false), Ct);
        Assert.Equal("whsec_one", first);
        Assert.Equal("whsec_one", second);
        Assert.Null(await Store.GetWebhookSecretAsync(new GetWebhookSecretParams(TenantB), Ct));

        var replaced = await Store.SetWebhookSecretAsync(new SetWebhookSecretParams(TenantA, "whsec_three", Replace: true), Ct);
        Assert.Equal("whsec_three", replaced);
        Assert.Equal("whsec_three", await Store.GetWebhookSecretAsync(new GetWebhookSecretParams(TenantA), Ct));
        await ThrowsDomainAsync("invalid_api_key", () =>
            Store.SetWebhookSecretAsync(new SetWebhookSecretParams("tnt_nobody00000", "whsec_x", Replace: false), Ct));
    }
}
