using Baton.Core.Events;
using Baton.Core.Storage;

namespace Baton.Storage.Conformance.Upgrades;

/// <summary>
/// Reads every row of an upgraded <see cref="UpgradeFixture"/> database back through the store API, the way the
/// server would, and lists where it differs from what the fixture wrote.
/// </summary>
public static class UpgradeCheck
{
    public static async Task<IReadOnlyList<string>> DifferencesAsync(IBatonStore store, UpgradeFixture f, CancellationToken ct)
    {
        const string t = UpgradeFixture.TenantId;
        var d = new RowDifferences();

        d.Compare("tenant", f.Tenant, await store.GetTenantAsync(new GetTenantParams(t), ct));
        d.Equal("api key's tenant", t, (await store.FindApiKeyAsync(new FindApiKeyParams(UpgradeFixture.KeyHash), ct))?.TenantId);
        d.Equal("webhook secret", UpgradeFixture.WebhookSecret, await store.GetWebhookSecretAsync(new GetWebhookSecretParams(t), ct));

        var page = await store.ListExecutionsAsync(new ListExecutionsParams(t) { Limit = 100 }, ct);
        d.Equal("executions listed", f.Executions.Count, (int)page.Total);
        foreach (var e in f.Executions)
        {
            d.Compare($"execution {e.Sequence} ({e.Id})", e, await store.GetExecutionAsync(new GetExecutionParams(t, e.Id), ct));
        }

        d.Compare("cue", f.Cue, await store.GetCueAsync(new GetCueParams(t, UpgradeFixture.CueId), ct));
        d.Equal("cues listed", 1L, (await store.ListCuesAsync(new ListCuesParams(t), ct)).Total);
        d.Equal("cue effects cursor", f.CueEffectsCursor, await store.GetCueEffectsCursorAsync(ct));

        // Ids are the driver's own; the stream's order and cursors are what readers rely on.
        var events = (await store.ReadEventsAsync(new ReadEventsParams(t, null, EventFilter.All), ct)).Events;
        d.Equal("events read", f.Events.Count, events.Count);
        for (var i = 0; i < Math.Min(f.Events.Count, events.Count); i++)
        {
            d.Compare($"event {i + 1}", f.Events[i], events[i] with { Id = 0 });
        }

        var alerts = (await store.ListAlertsAsync(new ListAlertsParams(t), ct)).Alerts.OrderBy(a => a.CreatedAt).ToList();
        d.Equal("alerts listed", f.Alerts.Count, alerts.Count);
        for (var i = 0; i < Math.Min(f.Alerts.Count, alerts.Count); i++) d.Compare($"alert {f.Alerts[i].Id}", f.Alerts[i], alerts[i]);

        var workers = await store.ListWorkersAsync(new ListWorkersParams(t), ct);
        d.Equal("workers listed", 1, workers.Count);
        d.Compare("worker", f.Worker, workers.FirstOrDefault());

        foreach (var agent in f.Agents)
        {
            d.Compare($"agent {agent.Slug}", agent, await store.GetAgentAsync(new GetAgentParams(t, agent.Id), ct));
        }

        d.Compare("Bob's subscriptions", f.Subscriptions,
            await store.ListSubscriptionsAsync(new ListSubscriptionsParams(t, UpgradeFixture.Bob), ct));
        var feed = await store.ReadAgentEventsAsync(new ReadAgentEventsParams(t, UpgradeFixture.Bob), ct);
        d.Compare("Bob's feed", f.BobsFeed, feed.Items);
        d.Equal("Bob's last event id", (long)f.BobsFeed.Count, feed.LastEventId);
        d.Equal("Alice's feed", 0, (await store.ReadAgentEventsAsync(new ReadAgentEventsParams(t, UpgradeFixture.Alice), ct)).Items.Count);

        d.Compare("message", f.Message, await store.GetMessageAsync(new GetMessageParams(t, f.Message.Id), ct));

        var run = await store.GetRunAsync(new GetRunParams(t, UpgradeFixture.RunId), ct);
        d.Equal("run's executions", 3L, run.Total);
        d.Equal("run done", false, run.Done);
        return d.All;
    }
}
