using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

/// <summary>Opening the dashboard as a person does: the sign-in form, then the page asked for.</summary>
public static class SignedInPage
{
    public static async Task<IPage> OpenAsync(IBrowserContext context, string apiKey)
    {
        var page = await context.NewPageAsync();
        await SignInAsync(page, apiKey);
        return page;
    }

    public static async Task SignInAsync(IPage page, string apiKey)
    {
        await page.GotoAsync("/ui/sign-in");
        await page.FillAsync("#api_key", apiKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
    }

    /// <summary>Goes to <paramref name="path"/> and returns the HTTP status the page was served with.</summary>
    public static async Task<int> GotoAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        return response!.Status;
    }
}
