using System.Diagnostics;
using Baton.Testing;
using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

public sealed class LiveTests(BrowserFixture browser, DashboardServer server) : IClassFixture<DashboardServer>
{
    /// <summary>The bound on how soon an open page shows a change, without a reload.</summary>
    private static readonly TimeSpan LiveWithin = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task An_execution_enqueued_through_the_API_appears_on_an_open_executions_page_within_two_seconds()
    {
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        await page.GotoAsync("/ui/executions");
        await WaitForStreamAsync(page);
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        var id = await server.Api.EnqueueAsync("appears live", queue: "live");
        // From the API's answer (the execution exists from then on), not from the request: on a loaded machine the
        // enqueue call alone can take a second, which is not the page's doing.
        var clock = Stopwatch.StartNew();
        await page.Locator($"tr[data-id='{id}']").WaitForAsync(new LocatorWaitForOptions { Timeout = (float)LiveWithin.TotalMilliseconds });

        Assert.True(clock.Elapsed < LiveWithin + TimeSpan.FromMilliseconds(500), $"took {clock.Elapsed}");
        Assert.Equal(0, navigations);
    }

    [Fact]
    public async Task A_runs_progress_bar_moves_without_a_reload_within_two_seconds_of_an_outcome()
    {
        await server.Api.EnqueueAsync("step 1", queue: "progress", runId: "release-7");
        await server.Api.EnqueueAsync("step 2", queue: "progress", runId: "release-7");
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        await page.GotoAsync("/ui/runs");
        await WaitForStreamAsync(page);
        var bar = page.Locator("tr[data-run='release-7'] .progress");
        Assert.Equal("0", await bar.GetAttributeAsync("data-done"));
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        var (id, token) = await server.Api.ClaimAsync("w1", "progress");
        await server.Api.ReportAsync(id, "w1", token, success: true);
        await page.Locator("tr[data-run='release-7'] .progress[data-done='1']")
            .WaitForAsync(new LocatorWaitForOptions { Timeout = (float)LiveWithin.TotalMilliseconds });

        Assert.Equal(0, navigations);
        Assert.Contains("1 / 2 done", await page.Locator("tr[data-run='release-7']").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_shows_when_the_server_is_gone_and_catches_up_when_it_is_back()
    {
        using var directory = new TempDirectory();
        // Disposed on every way out (a skip without a browser, a failure): a plain var left the server running.
        await using var first = await BatonProcess.ServeAsync(directory.Path);
        var url = (await first.WaitForReadyAsync()).ToString().TrimEnd('/');
        var api = new TenantApi(url, first.PrintedApiKey!);
        await using var context = await browser.NewContextAsync(url);
        var page = await SignedInPage.OpenAsync(context, api.ApiKey);
        await page.GotoAsync("/ui/executions");
        await WaitForStreamAsync(page);

        await first.KillHardAsync(); // the stream drops
        await page.Locator("#live-status").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Equal("down", await page.GetAttributeAsync("body", "data-stream"));

        await using var second = BatonProcess.Start("serve", "--url", url, "--data-dir", directory.Path);
        await second.WaitForReadyAsync();
        var id = await api.EnqueueAsync("made while the page was disconnected");
        // The browser reconnects by itself (EventSource retry, Last-Event-ID) and the page re-reads what it missed.
        await page.Locator($"tr[data-id='{id}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.True(await page.Locator("#live-status").IsHiddenAsync());
        api.Dispose();
    }

    /// <summary>Waits until the page's event stream is open, so a change made next is one the page must show.</summary>
    private static async Task WaitForStreamAsync(IPage page) =>
        await page.Locator("body[data-stream=open]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
