using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

public sealed class TenantIsolationTests(BrowserFixture browser, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task A_tenant_never_sees_another_tenants_execution_run_cue_or_worker_in_lists_or_by_direct_url()
    {
        var other = await server.RegisterTenantAsync("other@example.com");
        var theirExecution = await other.EnqueueAsync("their secret execution", queue: "theirs", runId: "their-run");
        var theirCue = await other.CreateCueAsync("their-cue", "theirs");
        await other.HeartbeatAsync("their-worker");
        var mine = await server.Api.EnqueueAsync("my own execution", queue: "mine", runId: "my-run");
        await server.Api.HeartbeatAsync("my-worker");

        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);

        foreach (var list in new[] { "/ui", "/ui/executions", "/ui/runs", "/ui/cues", "/ui/workers", "/ui/alerts", "/ui/executions?queue=theirs" })
        {
            Assert.Equal(200, await SignedInPage.GotoAsync(page, list));
            var html = await page.ContentAsync();
            foreach (var secret in new[] { theirExecution, "their secret execution", "their-run", theirCue, "their-cue", "their-worker" })
            {
                Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
            }
        }

        Assert.Equal(200, await SignedInPage.GotoAsync(page, "/ui/executions?queue=theirs"));
        Assert.Equal(0, await page.Locator("tr[data-id]").CountAsync());
        Assert.Equal(200, await SignedInPage.GotoAsync(page, "/ui/executions"));
        Assert.Contains(mine, await page.ContentAsync(), StringComparison.Ordinal);

        foreach (var direct in new[] { $"/ui/executions/{theirExecution}", "/ui/runs/their-run", $"/ui/cues/{theirCue}" })
        {
            Assert.Equal(404, await SignedInPage.GotoAsync(page, direct));
            Assert.Equal("Not found", await page.TextContentAsync("main h1"));
            Assert.DoesNotContain("their secret execution", await page.ContentAsync(), StringComparison.Ordinal);
        }

        // Their worker cannot be deleted from here: the form's target answers 404 and the worker stays.
        var token = await page.GetAttributeAsync("input[name=__antiforgery]", "value");
        var response = await page.APIRequest.PostAsync("/ui/workers/their-worker/delete",
            new APIRequestContextOptions { Form = FormWith(context, "__antiforgery", token!) });
        Assert.Equal(404, response.Status);
        var workers = await other.GetAsync("v1/workers");
        Assert.Contains("their-worker", workers.ToJsonString(), StringComparison.Ordinal);
    }

    private static IFormData FormWith(IBrowserContext context, string name, string value)
    {
        var form = context.APIRequest.CreateFormData();
        form.Set(name, value);
        return form;
    }
}
