using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

public sealed class AntiforgeryTests(BrowserFixture browser, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task A_post_with_the_session_cookie_but_no_antiforgery_token_is_refused_and_changes_nothing()
    {
        var id = await server.Api.EnqueueAsync("protected", queue: "csrf");
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        await SignedInPage.OpenAsync(context, server.ApiKey);

        // The browser context's request API sends the session cookie, as a forged same-browser request would.
        var form = context.APIRequest.CreateFormData();
        form.Set("reason", "forged");
        var response = await context.APIRequest.PostAsync($"/ui/executions/{id}/cancel", new APIRequestContextOptions { Form = form });

        Assert.Equal(400, response.Status);
        Assert.Contains("anti-forgery", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal("pending", (string)(await server.Api.ExecutionAsync(id))["status"]!);
    }

    [Fact]
    public async Task A_form_on_another_site_posting_to_the_dashboard_changes_nothing()
    {
        var id = await server.Api.EnqueueAsync("targeted", queue: "csrf-site");
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        await page.RouteAsync("http://evil.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"""
                    <form id="f" method="post" action="{server.BaseUrl}/ui/executions/{id}/cancel">
                      <input name="reason" value="forged"><input name="force" value="true">
                    </form>
                    <script>document.getElementById('f').submit()</script>
                    """,
        }));

        await page.GotoAsync("http://evil.example/");
        await page.WaitForURLAsync(url => url.StartsWith(server.BaseUrl, StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();

        Assert.Equal("pending", (string)(await server.Api.ExecutionAsync(id))["status"]!);
    }
}
