using System.Net;
using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

public sealed class SignInTests(BrowserFixture browser, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Signing_in_with_a_good_key_opens_the_overview_with_an_HttpOnly_SameSite_Strict_session()
    {
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await context.NewPageAsync();
        Assert.Equal(200, await SignedInPage.GotoAsync(page, "/"));
        Assert.EndsWith("/ui/sign-in?return=%2Fui", page.Url, StringComparison.Ordinal);
        Assert.Equal("password", await page.GetAttributeAsync("#api_key", "type"));

        await SignedInPage.SignInAsync(page, server.ApiKey);

        Assert.EndsWith("/ui", page.Url, StringComparison.Ordinal);
        Assert.Equal("Overview", await page.TextContentAsync("main h1"));
        var session = (await context.CookiesAsync()).Single(c => c.Name == "baton_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(server.ApiKey, session.Value, StringComparison.Ordinal);
        Assert.Equal("", await page.EvaluateAsync<string>("JSON.stringify(localStorage) + JSON.stringify(sessionStorage) === '{}{}' ? '' : 'stored'"));
        Assert.DoesNotContain(server.ApiKey, page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_no_session()
    {
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ui/sign-in");
        await page.FillAsync("#api_key", "bt_not-a-key-of-this-server");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Request.Method == "POST");

        Assert.Equal(401, response.Status);
        Assert.Contains("not valid", await page.TextContentAsync("#form-error"), StringComparison.Ordinal);
        Assert.DoesNotContain((await context.CookiesAsync()), c => c.Name == "baton_session");
        Assert.Equal(200, await SignedInPage.GotoAsync(page, "/ui/executions"));
        Assert.Contains("/ui/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_copy_of_its_cookie()
    {
        await using var context = await browser.NewContextAsync(server.BaseUrl);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        var copied = (await context.CookiesAsync()).Single(c => c.Name == "baton_session").Value;

        await page.ClickAsync("text=Sign out");
        await page.WaitForURLAsync("**/ui/sign-in");
        Assert.Equal(200, await SignedInPage.GotoAsync(page, "/ui/executions"));
        Assert.Contains("/ui/sign-in", page.Url, StringComparison.Ordinal);

        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/ui/executions");
        request.Headers.Add("Cookie", "baton_session=" + copied);
        var response = await replay.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/ui/sign-in", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
