using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

/// <summary>The runs list pages by keyset in the browser: following "Older →" shows every run exactly once.</summary>
public sealed class ListPagingTests(BrowserFixture browser, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Following_older_on_the_runs_page_shows_every_run_once_with_the_count_on_each_page()
    {
        using var tenant = await server.RegisterTenantAsync("pager@example.com");
        var runs = Enumerable.Range(0, 120).Select(i => $"paged-{i:000}").ToList();
        foreach (var chunk in runs.Chunk(60))
        {
            await tenant.PostAsync("v1/executions/batch", new { executions = chunk.Select(run => new { title = run, run_id = run }) });
        }

        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, tenant.ApiKey);
        await page.GotoAsync("/ui/runs");
        var seen = new List<string>();
        for (var pages = 1; ; pages++)
        {
            await Assertions.Expect(page.Locator("#runs > p.muted")).ToContainTextAsync("120 runs");
            foreach (var row in await page.Locator("tr[data-run]").AllAsync()) seen.Add((await row.GetAttributeAsync("data-run"))!);
            var older = page.Locator("a[rel=next]");
            if (await older.CountAsync() == 0) break;
            Assert.True(pages < 10, "the pages never ended");
            var next = (await older.GetAttributeAsync("href"))!;
            await older.ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith(next, StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("nav.pager a:text-is('Newest')")).ToBeVisibleAsync();
        }

        Assert.Equal(runs.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
