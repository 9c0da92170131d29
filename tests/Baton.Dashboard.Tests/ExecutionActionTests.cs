using Microsoft.Playwright;

namespace Baton.Dashboard.Tests;

/// <summary>Each execution action done in the browser, checked afterwards through the API.</summary>
public sealed class ExecutionActionTests(BrowserFixture browser, DashboardServer server) : IClassFixture<DashboardServer>, IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];

    [Fact]
    public async Task Cancel_with_a_reason_cancels_a_pending_execution()
    {
        var id = await server.Api.EnqueueAsync("to cancel", queue: "cancel");
        var page = await OpenAsync($"/ui/executions/{id}");

        await page.FillAsync("form[action$='/cancel'] input[name=reason]", "no longer needed");
        await page.ClickAsync("text=Cancel execution");

        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Cancelled.");
        var execution = await server.Api.ExecutionAsync(id);
        Assert.Equal("cancelled", (string)execution["status"]!);
        Assert.Equal("no longer needed", (string)execution["cancel_reason"]!);
    }

    [Fact]
    public async Task Cancel_with_force_cancels_an_execution_a_worker_holds()
    {
        await server.Api.EnqueueAsync("held", queue: "force");
        var (id, _) = await server.Api.ClaimAsync("holder", "force");
        var page = await OpenAsync($"/ui/executions/{id}");

        await page.CheckAsync("input[name=force]");
        await page.ClickAsync("text=Cancel execution");

        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Cancelled.");
        Assert.Equal("cancelled", (string)(await server.Api.ExecutionAsync(id))["status"]!);
    }

    [Fact]
    public async Task Release_puts_a_claimed_execution_back_in_the_queue()
    {
        await server.Api.EnqueueAsync("to release", queue: "release");
        var (id, _) = await server.Api.ClaimAsync("releaser", "release");
        var page = await OpenAsync($"/ui/executions/{id}");

        await page.ClickAsync("text=Release back to the queue");

        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Released back to the queue.");
        var execution = await server.Api.ExecutionAsync(id);
        Assert.Equal("pending", (string)execution["status"]!);
        Assert.Null(execution["claimed_by_worker"]);
    }

    [Fact]
    public async Task Replay_runs_a_finished_execution_again_as_a_new_one()
    {
        var id = await server.Api.EnqueueAsync("to replay", queue: "replay");
        await server.Api.PostAsync($"v1/executions/{id}/cancel", new { reason = "stop" });
        var page = await OpenAsync($"/ui/executions/{id}");

        await page.ClickAsync("text=Replay as a new execution");

        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Replayed: this is the new execution.");
        var newId = page.Url.Split('/')[^1].Split('?')[0];
        Assert.NotEqual(id, newId);
        var replay = await server.Api.ExecutionAsync(newId);
        Assert.Equal(id, (string)replay["replayed_from"]!);
        Assert.Equal("pending", (string)replay["status"]!);
    }

    [Fact]
    public async Task Verify_and_reject_record_a_manual_verification()
    {
        var cue = await server.Api.CreateCueAsync("manual-check", "verify", verification: "manual");
        var verified = await FinishForVerificationAsync(cue);
        var rejected = await FinishForVerificationAsync(cue);

        var page = await OpenAsync($"/ui/executions/{verified}");
        await page.ClickAsync("form[action$='/verify'] button[value=true]");
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Verification recorded.");
        await page.GotoAsync($"/ui/executions/{rejected}");
        await page.FillAsync("form[action$='/verify'] input[name=reason]", "the report is empty");
        await page.ClickAsync("form[action$='/verify'] button[value=false]");
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("Verification recorded.");

        Assert.Equal("verified_success", (string)(await server.Api.ExecutionAsync(verified))["outcome_state"]!);
        Assert.Equal("verification_failed", (string)(await server.Api.ExecutionAsync(rejected))["outcome_state"]!);
    }

    [Fact]
    public async Task Bad_input_in_a_form_gets_an_inline_error_and_never_a_5xx()
    {
        var id = await server.Api.EnqueueAsync("bad input", queue: "bad");
        var page = await OpenAsync($"/ui/executions/{id}");
        await page.EvalOnSelectorAsync("form[action$='/cancel'] input[name=reason]", "e => e.removeAttribute('maxlength')");
        await page.FillAsync("form[action$='/cancel'] input[name=reason]", new string('x', 501));
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("text=Cancel execution"), r => r.Request.Method == "POST");
        Assert.Equal(422, response.Status);
        Assert.Contains("at most 500", await page.TextContentAsync("#form-error"), StringComparison.Ordinal);
        Assert.Equal("pending", (string)(await server.Api.ExecutionAsync(id))["status"]!);

        // A stale page: the execution was cancelled elsewhere; cancelling again is a 409 shown on the page.
        await server.Api.PostAsync($"v1/executions/{id}/cancel", new { });
        response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("text=Cancel execution"), r => r.Request.Method == "POST");
        Assert.Equal(409, response.Status);
        Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync("#form-error")));

        Assert.Equal(400, await SignedInPage.GotoAsync(page, "/ui/executions?status=bogus&before=x"));
        Assert.Contains("is not a status", await page.TextContentAsync("#form-error"), StringComparison.Ordinal);
        Assert.Equal(404, await SignedInPage.GotoAsync(page, "/ui/executions/not-a-uuid"));
    }

    [Fact]
    public async Task The_execution_page_shows_the_messages_that_name_it_oldest_first()
    {
        var id = await server.Api.EnqueueAsync("talked about", queue: "talk");
        await server.Api.PostAsync("v1/agents", new { display_name = "planner", slug = "planner-" + id[..8] });
        await server.Api.PostAsync("v1/agents", new { display_name = "reviewer", slug = "reviewer-" + id[..8] });
        var question = await server.Api.SendMessageAsync("planner-" + id[..8],
            new { to = "reviewer-" + id[..8], subject = "PR 42", body = "please review <b>PR 42</b>", execution_id = id });
        await server.Api.SendMessageAsync("reviewer-" + id[..8],
            new { to = "planner-" + id[..8], body = "done, approved", reply_to = (string)question["id"]!, execution_id = id });

        var page = await OpenAsync($"/ui/executions/{id}");

        var bodies = page.Locator("ol.conversation li pre.message-body");
        await Assertions.Expect(bodies).ToHaveTextAsync(["please review <b>PR 42</b>", "done, approved"]);
        await Assertions.Expect(page.Locator("ol.conversation li strong")).ToHaveTextAsync("PR 42");
    }

    private async Task<string> FinishForVerificationAsync(string cueId)
    {
        await server.Api.PostAsync($"v1/cues/{cueId}/fire", new { });
        var (id, token) = await server.Api.ClaimAsync("verifier", "verify");
        await server.Api.ReportAsync(id, "verifier", token, success: true);
        Assert.Equal("verification_pending", (string)(await server.Api.ExecutionAsync(id))["outcome_state"]!);
        return id;
    }

    private async Task<IPage> OpenAsync(string path)
    {
        var context = await browser.NewContextAsync(server.BaseUrl);
        _contexts.Add(context);
        var page = await SignedInPage.OpenAsync(context, server.ApiKey);
        Assert.Equal(200, await SignedInPage.GotoAsync(page, path));
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
    }
}
