using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

/// <summary>
/// Every page, with some of everything in it, rendered in the browser and saved as a PNG (docs/dashboard.md shows
/// them): into <c>BATON_SCREENSHOTS_DIR</c> when set (docs/images/dashboard to refresh the committed ones), else
/// next to the test assembly.
/// </summary>
public sealed class ScreenshotTests(BrowserFixture browser, DashboardServer server) : IClassFixture<DashboardServer>
{
    private static readonly string Directory =
        Environment.GetEnvironmentVariable("BATON_SCREENSHOTS_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Every_page_renders_and_is_saved_as_a_screenshot()
    {
        var (execution, cue) = await SeedAsync();
        System.IO.Directory.CreateDirectory(Directory);
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await context.NewPageAsync();
        Assert.Equal(200, await SignedInPage.GotoAsync(page, "/ui/sign-in"));
        await SaveAsync(page, "sign-in");
        await SignedInPage.SignInAsync(page, server.ApiKey);

        var pages = new (string Name, string Path, int Status)[]
        {
            ("overview", "/ui", 200),
            ("executions", "/ui/executions", 200),
            ("execution", $"/ui/executions/{execution}", 200),
            ("runs", "/ui/runs", 200),
            ("run", "/ui/runs/nightly-build-118", 200),
            ("cues", "/ui/cues", 200),
            ("cue", $"/ui/cues/{cue}", 200),
            ("workers", "/ui/workers", 200),
            ("alerts", "/ui/alerts", 200),
            ("not-found", "/ui/executions/00000000-0000-0000-0000-000000000000", 404),
        };
        foreach (var (name, path, status) in pages)
        {
            Assert.Equal(status, await SignedInPage.GotoAsync(page, path));
            await SaveAsync(page, name);
        }

        await using var phone = await browser.NewContextAsync(server.BaseUrl, new ViewportSize { Width = 390, Height = 844 });
        var small = await SignedInPage.OpenAsync(phone, server.ApiKey);
        await SaveAsync(small, "overview-phone");
        await small.GotoAsync("/ui/executions");
        await SaveAsync(small, "executions-phone");

        await using var dark = await browser.NewContextAsync(server.BaseUrl, scheme: ColorScheme.Dark);
        var night = await SignedInPage.OpenAsync(dark, server.ApiKey);
        await SaveAsync(night, "overview-dark");
        await night.GotoAsync($"/ui/executions/{execution}");
        await SaveAsync(night, "execution-dark");
    }

    /// <summary>Some of everything: runs in progress, finished and failed work, a cue, workers, an alert.</summary>
    private async Task<(string Execution, string Cue)> SeedAsync()
    {
        var api = server.Api;
        await api.HeartbeatAsync("builder-1");
        await api.HeartbeatAsync("builder-2");
        for (var i = 1; i <= 6; i++) await api.EnqueueAsync($"Compile module {i}", queue: "builds", runId: "nightly-build-118", task: "build");
        for (var i = 1; i <= 3; i++) await api.EnqueueAsync($"Summarise log {i}", queue: "agents", runId: "triage-42", task: "summarise");
        string? shown = null;
        for (var i = 0; i < 4; i++)
        {
            var (id, token) = await api.ClaimAsync("builder-1", "builds");
            await api.ReportAsync(id, "builder-1", token, success: i != 2);
            shown ??= id;
        }

        await api.ClaimAsync("builder-2", "builds");
        var (triage, triageToken) = await api.ClaimAsync("builder-2", "agents");
        await api.ReportAsync(triage, "builder-2", triageToken, success: true);

        var cue = await api.CreateCueAsync("daily-report", "reports", verification: "require_external_id");
        await api.PostAsync($"v1/cues/{cue}/fire", new { });
        var (reportId, reportToken) = await api.ClaimAsync("builder-2", "reports");
        await api.ReportAsync(reportId, "builder-2", reportToken, success: true); // no external id: an alert
        return (shown!, cue);
    }

    private static async Task SaveAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
}
