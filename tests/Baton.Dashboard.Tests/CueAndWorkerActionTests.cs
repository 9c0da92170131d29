using System.Net;
using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

/// <summary>Cue and worker actions done in the browser, checked afterwards through the API.</summary>
public sealed class CueAndWorkerActionTests(BrowserFixture browser, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Pause_resume_fire_with_a_payload_override_and_delete_a_cue_from_its_page()
    {
        var cue = await server.Api.CreateCueAsync("weekday-report", "reports");
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync($"/ui/cues/{cue}");
        Assert.Equal(5, await page.Locator("#next-h + ol li").CountAsync());

        await page.ClickAsync("button:text-is('Pause')");
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Cue paused.");
        Assert.Equal("paused", (string)(await server.Api.GetAsync($"v1/cues/{cue}"))["status"]!);

        await page.ClickAsync("button:text-is('Resume')");
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Cue resumed.");
        Assert.Equal("active", (string)(await server.Api.GetAsync($"v1/cues/{cue}"))["status"]!);

        await page.FillAsync("textarea[name=payload_override]", """{"region": "eu"}""");
        await page.ClickAsync("text=Fire now");
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Cue fired: this is its new execution.");
        var fired = await server.Api.ExecutionAsync(page.Url.Split('/')[^1].Split('?')[0]);
        Assert.Equal(cue, (string)fired["cue_id"]!);
        Assert.Equal("eu", (string)fired["payload"]!["region"]!);
        Assert.Equal("daily", (string)fired["payload"]!["report"]!);

        await page.GotoAsync($"/ui/cues/{cue}");
        await page.ClickAsync("text=Delete cue");
        await Assertions.Expect(page.Locator("#form-error")).ToContainTextAsync("to confirm");
        Assert.Equal(HttpStatusCode.OK, await server.Api.StatusOfGetAsync($"v1/cues/{cue}"));

        await page.CheckAsync("input[name=confirm]");
        await page.ClickAsync("text=Delete cue");
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Deleted.");
        Assert.Equal(HttpStatusCode.NotFound, await server.Api.StatusOfGetAsync($"v1/cues/{cue}"));
    }

    [Fact]
    public async Task A_payload_override_that_is_not_a_JSON_object_gets_an_inline_error_and_fires_nothing()
    {
        var cue = await server.Api.CreateCueAsync("strict-payload", "strict");
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        await page.GotoAsync($"/ui/cues/{cue}");

        foreach (var bad in new[] { "{not json", "[1, 2]" })
        {
            await page.FillAsync("textarea[name=payload_override]", bad);
            var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("text=Fire now"), r => r.Request.Method == "POST");
            Assert.Equal(422, response.Status);
            Assert.Contains("must be a JSON object", await page.TextContentAsync("#form-error"), StringComparison.Ordinal);
        }

        Assert.Equal(0, (long)(await server.Api.GetAsync($"v1/cues/{cue}"))["fired_count"]!);
    }

    [Fact]
    public async Task Deleting_a_worker_from_the_workers_page_removes_it()
    {
        await server.Api.HeartbeatAsync("retired-worker");
        await server.Api.HeartbeatAsync("kept-worker");
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync("/ui/workers");

        await page.ClickAsync("button[aria-label='Delete worker retired-worker']");

        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Deleted.");
        var workers = (await server.Api.GetAsync("v1/workers")).ToJsonString();
        Assert.DoesNotContain("retired-worker", workers, StringComparison.Ordinal);
        Assert.Contains("kept-worker", workers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draining_worker_shows_as_stopping_and_one_that_exited_as_stopped()
    {
        await server.Api.HeartbeatAsync("draining-worker", "stopping");
        await server.Api.HeartbeatAsync("exited-worker", "stopped");
        await server.Api.HeartbeatAsync("busy-worker");
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        await page.GotoAsync("/ui/workers");

        await Assertions.Expect(page.Locator("tr[data-worker='draining-worker'] .badge")).ToHaveTextAsync("stopping");
        await Assertions.Expect(page.Locator("tr[data-worker='exited-worker'] .badge")).ToHaveTextAsync("stopped");
        await Assertions.Expect(page.Locator("tr[data-worker='busy-worker'] .badge")).ToHaveTextAsync("active");
    }
}
