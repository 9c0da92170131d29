using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

/// <summary>
/// Chromium for every test, launched once: Debian's <c>/usr/bin/chromium</c> (or <c>BATON_CHROMIUM</c>), driven by
/// Playwright; Playwright's own browser download is never used. Without a Chromium the browser tests skip, saying
/// how to enable them, unless <c>BATON_REQUIRE_BROWSER=1</c> (CI), which makes the missing browser a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _unavailableReason;

    public static bool Required => Environment.GetEnvironmentVariable("BATON_REQUIRE_BROWSER") == "1";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("BATON_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        try
        {
            if (!File.Exists(ExecutablePath)) throw new FileNotFoundException($"no Chromium at {ExecutablePath}");
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // Containers and CI runners as root have no user namespaces for Chromium's sandbox.
                Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            });
        }
        catch (Exception e) when (!Required)
        {
            _unavailableReason =
                $"The dashboard's browser tests did not run: {e.Message}. Install Chromium (apt-get install -y chromium) " +
                "or point BATON_CHROMIUM at one; CI sets BATON_REQUIRE_BROWSER=1 so they can never be skipped there.";
        }
    }

    /// <summary>A fresh context (cookies, storage) at 1280×800; skips the test when there is no browser.</summary>
    public async Task<IBrowserContext> NewContextAsync(string baseUrl, ViewportSize? viewport = null, ColorScheme scheme = ColorScheme.Light)
    {
        if (_unavailableReason is not null) Assert.Skip(_unavailableReason);
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            ColorScheme = scheme,
            Locale = "en-GB",
            TimezoneId = "Europe/Berlin",
        });
        // Bounds on hangs, not timing asserts: a loaded 2-core machine can take seconds for a page.
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
