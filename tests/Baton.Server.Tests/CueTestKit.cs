using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Cues;
using Baton.Contracts.Executions;
using Xunit;

namespace Baton.Server.Tests;

/// <summary>Worker cues and the claim-and-report steps the verification and cue-effects tests share.</summary>
internal static class CueTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static CueRequest OnDemandCue(string name, string verification = "none", int maxAttempts = 3) => new()
    {
        Name = name,
        Schedule = new CueScheduleBody { Type = "on_demand" },
        Transport = "worker",
        Payload = JsonDocument.Parse("""{"task":"work"}""").RootElement,
        Retry = new CueRetryBody { MaxAttempts = maxAttempts, BackoffMinutes = [1] },
        Verification = new CueVerificationBody { Mode = verification },
    };

    /// <summary>Fires the cue, claims its execution, and reports <paramref name="outcome"/> for it.</summary>
    public static async Task<OutcomeRecordedResponse> FireClaimAndReportAsync(
        BatonClient client, string cueId, RecordOutcomeRequest outcome)
    {
        await client.FireCueAsync(cueId, ct: Ct);
        var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1" }, Ct);
        return await client.RecordOutcomeAsync(claim.ExecutionId, outcome, "w1", claim.ClaimToken, Ct);
    }

    public static RecordOutcomeRequest Success(
        string? externalId = null, string? resultUrl = null, string? artifacts = null) => new()
        {
            Success = true,
            Result = "done",
            ExternalId = externalId,
            ResultUrl = resultUrl,
            Artifacts = artifacts is null ? null : JsonDocument.Parse(artifacts).RootElement,
        };

    public static RecordOutcomeRequest Failure(bool retryable = false) =>
        new() { Success = false, Error = "boom", Retryable = retryable };
}
