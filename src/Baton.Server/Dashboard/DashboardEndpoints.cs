using Baton.Core.Dashboard;
using Baton.Core.Runs;
using Baton.Core.Tenants;
using Baton.Server.Dashboard.Components;
using Baton.Server.Endpoints;
using Baton.Server.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace Baton.Server.Dashboard;

/// <summary>
/// The dashboard's routes under <c>/ui</c>: sign-in, assets, the pages (GET, read through
/// <see cref="DashboardReader"/>) and, in <see cref="DashboardActions"/>, the forms that change state.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>The signed-in page group, kept so later features can map their pages into it.</summary>
    public static RouteGroupBuilder Pages { get; private set; } = null!;

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect(DashboardPaths.Root)).ExcludeFromDescription();
        var ui = app.MapGroup(DashboardPaths.Root).ExcludeFromDescription();
        ui.MapGet("/assets/{name}", (HttpContext http, string name) => DashboardAssets.Serve(http, name));
        ui.MapGet("/sign-in", SignInPage);
        ui.MapPost("/sign-in", SignInAsync);

        var pages = ui.MapGroup("").AddEndpointFilter<DashboardAuthFilter>();
        Pages = pages;
        pages.MapPost("/sign-out", SignOutAsync);
        pages.MapGet("", OverviewAsync);
        pages.MapGet("/executions", ExecutionsAsync);
        pages.MapGet("/executions/{id}", ExecutionAsync);
        pages.MapGet("/runs", RunsAsync);
        pages.MapGet("/runs/{runId}", RunAsync);
        pages.MapGet("/cues", CuesAsync);
        pages.MapGet("/cues/{id}", CueAsync);
        pages.MapGet("/workers", WorkersAsync);
        pages.MapGet("/alerts", AlertsAsync);
        pages.MapGet("/events", (HttpContext http, AwaitService awaits, Baton.Core.Storage.IEventStore store) =>
            EventEndpoints.StreamAsync(http, awaits, store));
        DashboardActions.Map(pages);
        pages.MapGet("/{**rest}", (HttpContext http, DashboardView view) => view.NotFound(http, "There is no such page."));
    }

    private static IResult SignInPage(HttpContext http, DashboardView view) =>
        view.Page<SignInPage>(http, "Sign in", DashboardPaths.SignIn, DashboardPaths.SafeReturn(http.Request.Query["return"].LastOrDefault()));

    private static async Task<IResult> SignInAsync(HttpContext http, DashboardView view, AccountService accounts, IAntiforgery antiforgery)
    {
        if (await DashboardActions.RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var back = DashboardPaths.SafeReturn(form["return"].LastOrDefault());
        try
        {
            await DashboardSession.SignInAsync(http, accounts, form["api_key"].LastOrDefault() ?? "");
            return Results.Redirect(back);
        }
        catch (Baton.Core.BatonException e)
        {
            var message = e.Code == "key_rotated"
                ? "This API key was replaced by a newer one. Sign in with the new key."
                : "That API key is not valid. Check it and try again.";
            return view.Page<SignInPage>(http, "Sign in", DashboardPaths.SignIn, back, StatusCodes.Status401Unauthorized, message);
        }
    }

    private static async Task<IResult> SignOutAsync(
        HttpContext http, DashboardView view, IAntiforgery antiforgery, SignedOutSessions signedOut, TimeProvider time)
    {
        if (await DashboardActions.RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        await DashboardSession.SignOutAsync(http, signedOut, time);
        return Results.Redirect(DashboardPaths.SignIn);
    }

    private static async Task<IResult> OverviewAsync(HttpContext http, DashboardView view, DashboardReader reader)
    {
        var tenant = http.TenantId();
        var overview = await reader.GetOverviewAsync(tenant, http.RequestAborted);
        return view.Page<OverviewPage>(http, "Overview", DashboardPaths.Root, overview,
            eventsUrl: await EventsUrlAsync(reader, tenant, "", http.RequestAborted));
    }

    private static async Task<IResult> ExecutionsAsync(HttpContext http, DashboardView view, DashboardReader reader)
    {
        var (filter, before, error) = DashboardQuery.ParseExecutionFilter(http.Request.Query);
        var tenant = http.TenantId();
        var list = await reader.ListExecutionsAsync(tenant, filter, before, http.RequestAborted);
        return view.Page<ExecutionsPage>(http, "Executions", DashboardPaths.Executions,
            new ExecutionsModel(filter, list, before is not null),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, error,
            await EventsUrlAsync(reader, tenant, "", http.RequestAborted));
    }

    private static async Task<IResult> ExecutionAsync(HttpContext http, string id, DashboardView view, DashboardReader reader)
    {
        var tenant = http.TenantId();
        var detail = Guid.TryParse(id, out var executionId)
            ? await reader.GetExecutionAsync(tenant, executionId, http.RequestAborted)
            : null;
        if (detail is null) return view.NotFound(http, "There is no execution with this id in your account.");
        return view.Page<ExecutionDetailPage>(http, "Execution", DashboardPaths.Executions, detail,
            eventsUrl: await EventsUrlAsync(reader, tenant, "&execution_id=" + executionId.ToString("D"), http.RequestAborted));
    }

    private static async Task<IResult> RunsAsync(HttpContext http, DashboardView view, DashboardReader reader)
    {
        var tenant = http.TenantId();
        var after = DashboardQuery.RunAfter(http.Request.Query);
        var page = await reader.ListRunsAsync(tenant, after, http.RequestAborted);
        return view.Page<RunsPage>(http, "Runs", DashboardPaths.Runs,
            new ListModel<Baton.Core.Runs.RunSummary>(page.Items, page.Total, DashboardQuery.RunAfterQuery(page.Next), after is not null),
            eventsUrl: await EventsUrlAsync(reader, tenant, "", http.RequestAborted));
    }

    private static async Task<IResult> RunAsync(HttpContext http, string runId, DashboardView view, DashboardReader reader)
    {
        var tenant = http.TenantId();
        var detail = runId.Length <= 256 ? await reader.GetRunAsync(tenant, runId, null, http.RequestAborted) : null;
        if (detail is null) return view.NotFound(http, "There is no run with this id in your account.");
        return view.Page<RunDetailPage>(http, "Run", DashboardPaths.Runs, detail,
            eventsUrl: await EventsUrlAsync(reader, tenant, "&run_id=" + Uri.EscapeDataString(runId), http.RequestAborted));
    }

    private static async Task<IResult> CuesAsync(HttpContext http, DashboardView view, DashboardReader reader)
    {
        var tenant = http.TenantId();
        var before = DashboardQuery.Before(http.Request.Query);
        var page = await reader.ListCuesAsync(tenant, before, http.RequestAborted);
        return view.Page<CuesPage>(http, "Cues", DashboardPaths.Cues,
            new ListModel<Baton.Core.Cues.Cue>(page.Items, page.Total, DashboardQuery.BeforeQuery(page.NextBeforeSequence), before is not null),
            eventsUrl: await EventsUrlAsync(reader, tenant, "", http.RequestAborted));
    }

    internal static async Task<IResult> CueAsync(HttpContext http, string id, DashboardView view, DashboardReader reader)
    {
        var tenant = http.TenantId();
        var detail = id.Length <= 255 ? await reader.GetCueAsync(tenant, id, http.RequestAborted) : null;
        if (detail is null) return view.NotFound(http, "There is no cue with this id in your account.");
        return view.Page<CueDetailPage>(http, "Cue", DashboardPaths.Cues, detail,
            eventsUrl: await EventsUrlAsync(reader, tenant, "&cue_id=" + Uri.EscapeDataString(id), http.RequestAborted));
    }

    private static async Task<IResult> WorkersAsync(HttpContext http, DashboardView view, DashboardReader reader, TimeProvider time)
    {
        var tenant = http.TenantId();
        var workers = await reader.ListWorkersAsync(tenant, http.RequestAborted);
        return view.Page<WorkersPage>(http, "Workers", DashboardPaths.Workers, new WorkersModel(workers, time.GetUtcNow()),
            eventsUrl: await EventsUrlAsync(reader, tenant, "", http.RequestAborted));
    }

    private static async Task<IResult> AlertsAsync(HttpContext http, DashboardView view, DashboardReader reader)
    {
        var tenant = http.TenantId();
        var before = DashboardQuery.Before(http.Request.Query);
        var page = await reader.ListAlertsAsync(tenant, before, http.RequestAborted);
        return view.Page<AlertsPage>(http, "Alerts", DashboardPaths.Alerts,
            new ListModel<Baton.Core.Alerts.Alert>(page.Items, page.Total, DashboardQuery.BeforeQuery(page.NextBeforeSequence), before is not null));
    }

    /// <summary>The stream a page follows, from the newest event at render time, so it misses nothing after.</summary>
    private static async Task<string> EventsUrlAsync(DashboardReader reader, string tenantId, string filter, CancellationToken ct) =>
        DashboardPaths.Events + "?since=" + Uri.EscapeDataString(await reader.GetEventHeadAsync(tenantId, ct)) + filter;
}
