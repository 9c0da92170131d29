using Baton.Server.Dashboard.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Server.Dashboard;

/// <summary>
/// Renders a page component (static server-side rendering: HTML out, no circuit) with its <see cref="Chrome"/>:
/// the pages' one way to answer, so each handler only reads its model and picks its component.
/// </summary>
internal sealed class DashboardView(IAntiforgery antiforgery, IEnumerable<DashboardNavItem> nav)
{
    private readonly DashboardNavItem[] _nav = [.. nav.OrderBy(n => n.Order)];

    public RazorComponentResult Page<TPage>(
        HttpContext http, string title, string activePath, object? model,
        int status = StatusCodes.Status200OK, string? error = null, string? eventsUrl = null)
        where TPage : IComponent
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var session = http.Items.Values.OfType<SignedIn>().FirstOrDefault();
        var chrome = new Chrome
        {
            Title = title,
            ActivePath = activePath,
            Nav = session is null ? [] : _nav,
            KeyPrefix = session?.KeyPrefix,
            AntiforgeryFieldName = tokens.FormFieldName,
            AntiforgeryToken = tokens.RequestToken,
            EventsUrl = eventsUrl,
            Notice = NoticeFor(http.Request.Query["done"].LastOrDefault()),
            Error = error,
            AssetVersion = DashboardAssets.Version,
        };
        var parameters = new Dictionary<string, object?> { [nameof(PageBase<object>.Chrome)] = chrome };
        if (model is not null) parameters[nameof(PageBase<object>.Model)] = model;
        // Pages are never cached: they show live state, and a signed-out browser must not show them from cache.
        http.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status };
    }

    public RazorComponentResult NotFound(HttpContext http, string what) =>
        Page<MessagePage>(http, "Not found", "", what, StatusCodes.Status404NotFound);

    /// <summary>The confirmation an action leaves after its redirect (<c>?done=</c>): fixed texts only.</summary>
    private static string? NoticeFor(string? done) => done switch
    {
        "cancelled" => "Cancelled.",
        "replayed" => "Replayed: this is the new execution.",
        "released" => "Released back to the queue.",
        "verified" => "Verification recorded.",
        "paused" => "Cue paused.",
        "resumed" => "Cue resumed.",
        "fired" => "Cue fired: this is its new execution.",
        "deleted" => "Deleted.",
        _ => null,
    };
}
