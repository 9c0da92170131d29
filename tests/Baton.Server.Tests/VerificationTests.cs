using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Core.Cues;
using Baton.Core.Maintenance;
using Xunit;
using static Baton.Server.Tests.CueTestKit;

namespace Baton.Server.Tests;

/// <summary>Verification over HTTP: each mode's outcome_state, manual verification, late evidence, and the errors.</summary>
public sealed class VerificationTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync(s => s with { RunMaintenance = false });
        await _server.Service<LeaderElection>().TryLeadAsync(Ct);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    public static TheoryData<string, bool, string> Modes => new()
    {
        { "none", false, "reported_success" },
        { "require_external_id", true, "verified_success" },
        { "require_external_id", false, "verification_failed" },
        { "require_result_url", true, "verified_success" },
        { "require_result_url", false, "verification_failed" },
        { "require_artifacts", true, "verified_success" },
        { "require_artifacts", false, "verification_failed" },
        { "manual", true, "verification_pending" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Each_verification_mode_decides_the_outcome_state_for_present_and_missing_evidence(
        string mode, bool withEvidence, string expected)
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("verified", mode), Ct);
        var outcome = mode switch
        {
            "require_external_id" when withEvidence => Success(externalId: "PR-7"),
            "require_result_url" when withEvidence => Success(resultUrl: "https://example.com/pr/7"),
            "require_artifacts" when withEvidence => Success(artifacts: """[{"path":"report.pdf"}]"""),
            // The wrong evidence, or an empty list, is no evidence for the mode.
            "require_external_id" => Success(resultUrl: "https://example.com/pr/7"),
            "require_artifacts" => Success(artifacts: "[]"),
            _ => Success(),
        };

        var recorded = await FireClaimAndReportAsync(client, cue.Id, outcome);

        Assert.Equal(expected, recorded.OutcomeState);
        Assert.Equal("success", recorded.Status);
        Assert.Equal(expected, (await client.GetExecutionAsync(recorded.ExecutionId, Ct)).OutcomeState);
    }

    [Fact]
    public async Task A_manual_cue_parks_its_success_until_someone_verifies_it()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("manual", "manual"), Ct);
        var recorded = await FireClaimAndReportAsync(client, cue.Id, Success());

        var parked = await client.ListExecutionsAsync(new ExecutionListQuery { OutcomeState = "verification_pending" }, Ct);
        Assert.Equal(recorded.ExecutionId, Assert.Single(parked.Executions).Id);

        var verified = await client.VerifyAsync(recorded.ExecutionId, valid: true, reason: "checked the PR", Ct);
        Assert.Equal((recorded.ExecutionId, "verified_success", true, "checked the PR"),
            (verified.ExecutionId, verified.OutcomeState, verified.Valid, verified.Reason));
        Assert.Equal("verified_success", (await client.GetExecutionAsync(recorded.ExecutionId, Ct)).OutcomeState);

        var events = await client.ListEventsAsync(query: new EventQuery { ExecutionId = recorded.ExecutionId }, ct: Ct);
        Assert.Contains(events.Events, e => e.Type == "execution.verified");
    }

    [Fact]
    public async Task A_rejected_outcome_is_verification_failed_and_raises_an_alert()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("manual", "manual"), Ct);
        var recorded = await FireClaimAndReportAsync(client, cue.Id, Success());

        var rejected = await client.VerifyAsync(recorded.ExecutionId, valid: false, reason: "wrong branch", Ct);
        Assert.Equal("verification_failed", rejected.OutcomeState);
        await _server.Service<CueEffects>().RunOnceAsync(Ct);

        var alert = Assert.Single((await client.ListAlertsAsync(ct: Ct)).Alerts);
        Assert.Equal(("verification_failed", cue.Id, recorded.ExecutionId), (alert.AlertType, alert.CueId, alert.ExecutionId));
        Assert.Empty((await (await _server.NewTenantAsync()).ListAlertsAsync(ct: Ct)).Alerts);
    }

    [Fact]
    public async Task Verification_pending_parks_a_reported_success_of_a_cue_without_verification()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("plain"), Ct);
        var recorded = await FireClaimAndReportAsync(client, cue.Id, Success());

        var parked = await client.MarkVerificationPendingAsync(recorded.ExecutionId, Ct);
        Assert.Equal("verification_pending", parked.OutcomeState);
        Assert.Equal("verified_success", (await client.VerifyAsync(recorded.ExecutionId, ct: Ct)).OutcomeState);
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "invalid_state",
            () => client.MarkVerificationPendingAsync(recorded.ExecutionId, Ct));
    }

    [Fact]
    public async Task Late_evidence_turns_a_failed_verification_into_a_verified_success()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("needs-url", "require_result_url"), Ct);
        var recorded = await FireClaimAndReportAsync(client, cue.Id, Success(externalId: "PR-9"));
        Assert.Equal("verification_failed", recorded.OutcomeState);

        var updated = await client.UpdateEvidenceAsync(recorded.ExecutionId,
            new UpdateEvidenceRequest { ResultUrl = "https://example.com/pr/9", Summary = "merged" }, Ct);
        Assert.Equal((true, "verified_success"), (updated.EvidenceUpdated, updated.OutcomeState));

        var execution = await client.GetExecutionAsync(recorded.ExecutionId, Ct);
        Assert.Equal(("PR-9", "https://example.com/pr/9", "merged"),
            (execution.Evidence!.ExternalId, execution.Evidence.ResultUrl, execution.Evidence.Summary));
    }

    [Fact]
    public async Task Before_the_final_outcome_verify_is_invalid_state_and_the_others_are_no_outcome()
    {
        var client = await _server.NewTenantAsync();
        var enqueued = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "work" }, Ct)).Execution;

        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "invalid_state", () => client.VerifyAsync(enqueued.Id, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "no_outcome",
            () => client.MarkVerificationPendingAsync(enqueued.Id, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "no_outcome",
            () => client.UpdateEvidenceAsync(enqueued.Id, new UpdateEvidenceRequest { Summary = "x" }, Ct));

        // A retrying execution has an outcome, but not a final one.
        var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1" }, Ct);
        await client.RecordOutcomeAsync(claim.ExecutionId, Failure(retryable: true), "w1", claim.ClaimToken, Ct);
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "no_outcome",
            () => client.MarkVerificationPendingAsync(enqueued.Id, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "invalid_state", () => client.VerifyAsync(enqueued.Id, ct: Ct));
        Assert.Equal("retrying", (await client.GetExecutionAsync(enqueued.Id, Ct)).Status);
    }

    [Fact]
    public async Task A_final_failure_cannot_be_verified()
    {
        var client = await _server.NewTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("fails", maxAttempts: 1), Ct);
        var recorded = await FireClaimAndReportAsync(client, cue.Id, Failure());

        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "invalid_state", () => client.VerifyAsync(recorded.ExecutionId, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, "invalid_state",
            () => client.MarkVerificationPendingAsync(recorded.ExecutionId, Ct));
        Assert.Equal("reported_failure", (await client.GetExecutionAsync(recorded.ExecutionId, Ct)).OutcomeState);
    }

    [Fact]
    public async Task Another_tenants_execution_is_not_found_for_verify_pending_and_evidence()
    {
        var owner = await _server.NewTenantAsync();
        var cue = await owner.CreateCueAsync(OnDemandCue("manual", "manual"), Ct);
        var recorded = await FireClaimAndReportAsync(owner, cue.Id, Success());
        var other = await _server.NewTenantAsync();

        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "execution_not_found",
            () => other.VerifyAsync(recorded.ExecutionId, ct: Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "execution_not_found",
            () => other.MarkVerificationPendingAsync(recorded.ExecutionId, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "execution_not_found",
            () => other.UpdateEvidenceAsync(recorded.ExecutionId, new UpdateEvidenceRequest { Summary = "x" }, Ct));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, "execution_not_found",
            () => other.VerifyAsync(Guid.CreateVersion7(), ct: Ct));
        Assert.Equal("verification_pending", (await owner.GetExecutionAsync(recorded.ExecutionId, Ct)).OutcomeState);
    }

    [Theory]
    [InlineData("POST", "verify", """{"valid": "yes"}""", 422, "validation_error")]
    [InlineData("POST", "verify", """{"reason": "@long"}""", 422, "validation_error")]
    [InlineData("POST", "verify", """{"valid": tru""", 400, "invalid_json")]
    [InlineData("PATCH", "evidence", "{}", 422, "validation_error")]
    [InlineData("PATCH", "evidence", """{"result_url": "ftp://example.com/x"}""", 422, "validation_error")]
    [InlineData("PATCH", "evidence", """{"artifacts": {"a": 1}}""", 422, "validation_error")]
    [InlineData("PATCH", "evidence", """{"external_id": "@long"}""", 422, "validation_error")]
    public async Task Bad_verification_input_is_a_clear_4xx_and_changes_nothing(
        string method, string action, string body, int status, string code)
    {
        var (client, key) = await _server.RegisterTenantAsync();
        var cue = await client.CreateCueAsync(OnDemandCue("manual", "manual"), Ct);
        var recorded = await FireClaimAndReportAsync(client, cue.Id, Success());

        using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/executions/{recorded.ExecutionId}/{action}")
        {
            Content = new StringContent(body.Replace("@long", new string('x', 600), StringComparison.Ordinal),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _server.Http.SendAsync(request, Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains($"\"code\":\"{code}\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var stored = await client.GetExecutionAsync(recorded.ExecutionId, Ct);
        Assert.Equal("verification_pending", stored.OutcomeState);
        Assert.Null(stored.Evidence);
    }
}
