using System.Text.Json;
using Baton.Core;
using Baton.Core.Cues;
using Baton.Core.Dashboard;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Baton.Core.Workers;
using Baton.Server.Dashboard.Components;
using Baton.Server.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace Baton.Server.Dashboard;

/// <summary>
/// The dashboard's state-changing forms. Each one first checks the anti-forgery token (a cross-site POST is
/// refused before anything is read), then calls the same Core service the API does, scoped to the session's
/// tenant. Success redirects to the page that shows the result (POST → redirect → GET); a refusal re-renders the
/// page with the reason inline and a 4xx status.
/// </summary>
internal static class DashboardActions
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapPost("/executions/{id}/cancel", CancelAsync);
        pages.MapPost("/executions/{id}/replay", ReplayAsync);
        pages.MapPost("/executions/{id}/release", ReleaseAsync);
        pages.MapPost("/executions/{id}/verify", VerifyAsync);
        pages.MapPost("/cues/{id}/pause", (HttpContext h, string id, CueService c, DashboardView v, DashboardReader r, IAntiforgery a) =>
            SetCueStatusAsync(h, id, CueStatuses.Paused, c, v, r, a));
        pages.MapPost("/cues/{id}/resume", (HttpContext h, string id, CueService c, DashboardView v, DashboardReader r, IAntiforgery a) =>
            SetCueStatusAsync(h, id, CueStatuses.Active, c, v, r, a));
        pages.MapPost("/cues/{id}/fire", FireAsync);
        pages.MapPost("/cues/{id}/delete", DeleteCueAsync);
        pages.MapPost("/workers/{id}/delete", DeleteWorkerAsync);
    }

    /// <summary>A 400 page when the form lacks a valid anti-forgery token; null when it may go on.</summary>
    public static async Task<IResult?> RefuseForgeryAsync(HttpContext http, IAntiforgery antiforgery, DashboardView view)
    {
        if (await antiforgery.IsRequestValidAsync(http)) return null;
        return view.Page<MessagePage>(http, "Form refused", "",
            "This form did not come from a dashboard page you have open (its anti-forgery token is missing or stale), so nothing was changed. Reload the page and try again.",
            StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> CancelAsync(
        HttpContext http, string id, ExecutionService executions, DashboardView view, DashboardReader reader, IAntiforgery antiforgery)
    {
        if (await RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        if (!Guid.TryParse(id, out var executionId)) return view.NotFound(http, "There is no execution with this id in your account.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var reason = form["reason"].LastOrDefault()?.Trim();
        if (reason is { Length: > Validation.Limits.CancelReasonLength })
        {
            return await ExecutionErrorAsync(http, executionId, view, reader, StatusCodes.Status422UnprocessableEntity,
                $"The reason is {reason.Length} characters long; at most {Validation.Limits.CancelReasonLength} are kept.");
        }

        var force = form["force"].LastOrDefault() == "true";
        return await RunAsync(http, view, reader, executionId, "cancelled", async ct =>
        {
            await executions.CancelAsync(new CancelExecutionParams(http.TenantId(), executionId, null,
                string.IsNullOrEmpty(reason) ? null : reason, force), ct);
            return executionId;
        });
    }

    private static async Task<IResult> ReplayAsync(
        HttpContext http, string id, ExecutionService executions, DashboardView view, DashboardReader reader, IAntiforgery antiforgery)
    {
        if (await RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        if (!Guid.TryParse(id, out var executionId)) return view.NotFound(http, "There is no execution with this id in your account.");
        return await RunAsync(http, view, reader, executionId, "replayed",
            async ct => (await executions.ReplayAsync(http.TenantId(), executionId, ct)).Id);
    }

    private static async Task<IResult> ReleaseAsync(
        HttpContext http, string id, ExecutionService executions, DashboardView view, DashboardReader reader, IAntiforgery antiforgery)
    {
        if (await RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        if (!Guid.TryParse(id, out var executionId)) return view.NotFound(http, "There is no execution with this id in your account.");
        return await RunAsync(http, view, reader, executionId, "released", async ct =>
        {
            // The operator releases on the claimer's behalf: the claim the page saw, as a compare-and-set, so a
            // claim that changed meanwhile (finished, rescued, claimed again) is refused as claim_lost.
            var current = await executions.GetAsync(http.TenantId(), executionId, ct);
            await executions.ReleaseAsync(
                new ReleaseExecutionParams(http.TenantId(), executionId, current.ClaimedByWorker, current.ClaimToken), ct);
            return executionId;
        });
    }

    private static async Task<IResult> VerifyAsync(
        HttpContext http, string id, VerificationService verification, DashboardView view, DashboardReader reader, IAntiforgery antiforgery)
    {
        if (await RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        if (!Guid.TryParse(id, out var executionId)) return view.NotFound(http, "There is no execution with this id in your account.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var reason = form["reason"].LastOrDefault()?.Trim();
        if (reason is { Length: > 500 })
        {
            return await ExecutionErrorAsync(http, executionId, view, reader, StatusCodes.Status422UnprocessableEntity,
                $"The reason is {reason.Length} characters long; at most 500 are kept.");
        }

        var valid = form["valid"].LastOrDefault() != "false";
        return await RunAsync(http, view, reader, executionId, "verified", async ct =>
        {
            await verification.VerifyAsync(http.TenantId(), executionId, valid, string.IsNullOrEmpty(reason) ? null : reason, ct);
            return executionId;
        });
    }

    /// <summary>Runs an execution action; a domain refusal (409 terminal, 403 owner, …) is shown on the page.</summary>
    private static async Task<IResult> RunAsync(
        HttpContext http, DashboardView view, DashboardReader reader, Guid executionId, string done,
        Func<CancellationToken, Task<Guid>> act)
    {
        try
        {
            var shown = await act(http.RequestAborted);
            return Results.Redirect(DashboardPaths.Execution(shown) + "?done=" + done);
        }
        catch (BatonException e) when (e.Kind == ErrorKind.NotFound)
        {
            return view.NotFound(http, "There is no execution with this id in your account.");
        }
        catch (BatonException e)
        {
            return await ExecutionErrorAsync(http, executionId, view, reader, ErrorResponses.StatusFor(e.Kind), e.Message);
        }
    }

    private static async Task<IResult> ExecutionErrorAsync(
        HttpContext http, Guid executionId, DashboardView view, DashboardReader reader, int status, string message)
    {
        var detail = await reader.GetExecutionAsync(http.TenantId(), executionId, http.RequestAborted);
        return detail is null
            ? view.NotFound(http, "There is no execution with this id in your account.")
            : view.Page<ExecutionDetailPage>(http, "Execution", DashboardPaths.Executions, detail, status, message);
    }

    private static async Task<IResult> SetCueStatusAsync(
        HttpContext http, string id, string status, CueService cues, DashboardView view, DashboardReader reader, IAntiforgery antiforgery)
    {
        if (await RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        return await RunCueAsync(http, id, view, reader, status == CueStatuses.Paused ? "paused" : "resumed", async ct =>
        {
            var cue = await cues.GetAsync(http.TenantId(), id, ct);
            await cues.UpdateAsync(cue, cue.Name, cue.Definition, status, ct);
            return DashboardPaths.Cue(id);
        });
    }

    private static async Task<IResult> FireAsync(
        HttpContext http, string id, CueService cues, DashboardView view, DashboardReader reader, IAntiforgery antiforgery)
    {
        if (await RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var raw = form["payload_override"].LastOrDefault()?.Trim();
        string? payload = null;
        if (!string.IsNullOrEmpty(raw))
        {
            if (!IsJsonObject(raw, out var problem))
            {
                return await CueErrorAsync(http, id, view, reader, StatusCodes.Status422UnprocessableEntity,
                    "The payload override must be a JSON object, like {\"key\": \"value\"}: " + problem);
            }

            payload = raw;
        }

        var request = new FireRequest { PayloadOverrideJson = payload, Replace = form["merge_strategy"].LastOrDefault() == "replace" };
        return await RunCueAsync(http, id, view, reader, "fired", async ct =>
        {
            var (execution, _) = await cues.FireAsync(http.TenantId(), id, request, ct);
            return DashboardPaths.Execution(execution.Id);
        });
    }

    private static async Task<IResult> DeleteCueAsync(
        HttpContext http, string id, CueService cues, DashboardView view, DashboardReader reader, IAntiforgery antiforgery)
    {
        if (await RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["confirm"].LastOrDefault() != "yes")
        {
            return await CueErrorAsync(http, id, view, reader, StatusCodes.Status400BadRequest,
                "Tick \"I want to delete this cue\" to confirm: deleting cannot be undone.");
        }

        return await RunCueAsync(http, id, view, reader, "deleted", async ct =>
        {
            await cues.DeleteAsync(http.TenantId(), id, ct);
            return DashboardPaths.Cues;
        });
    }

    private static async Task<IResult> DeleteWorkerAsync(
        HttpContext http, string id, WorkerService workers, DashboardView view, IAntiforgery antiforgery)
    {
        if (await RefuseForgeryAsync(http, antiforgery, view) is { } refused) return refused;
        try
        {
            await workers.DeleteAsync(http.TenantId(), id, http.RequestAborted);
            return Results.Redirect(DashboardPaths.Workers + "?done=deleted");
        }
        catch (BatonException e) when (e.Kind == ErrorKind.NotFound)
        {
            return view.NotFound(http, "There is no worker with this id in your account.");
        }
    }

    /// <summary>Runs a cue action; <paramref name="act"/> returns where to go next.</summary>
    private static async Task<IResult> RunCueAsync(
        HttpContext http, string id, DashboardView view, DashboardReader reader, string done, Func<CancellationToken, Task<string>> act)
    {
        try
        {
            return Results.Redirect(await act(http.RequestAborted) + "?done=" + done);
        }
        catch (BatonException e) when (e.Kind == ErrorKind.NotFound)
        {
            return view.NotFound(http, "There is no cue with this id in your account.");
        }
        catch (BatonException e)
        {
            return await CueErrorAsync(http, id, view, reader, ErrorResponses.StatusFor(e.Kind), e.Message);
        }
    }

    private static async Task<IResult> CueErrorAsync(
        HttpContext http, string id, DashboardView view, DashboardReader reader, int status, string message)
    {
        var detail = await reader.GetCueAsync(http.TenantId(), id, http.RequestAborted);
        return detail is null
            ? view.NotFound(http, "There is no cue with this id in your account.")
            : view.Page<CueDetailPage>(http, "Cue", DashboardPaths.Cues, detail, status, message);
    }

    private static bool IsJsonObject(string text, out string problem)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            problem = doc.RootElement.ValueKind == JsonValueKind.Object ? "" : $"this is a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}.";
            return problem.Length == 0;
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return false;
        }
    }
}
