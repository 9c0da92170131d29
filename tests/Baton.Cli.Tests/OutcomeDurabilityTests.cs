using System.Collections.Concurrent;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>
/// Durability of outcomes recorded by the batch completer: 16 clients report one outcome per request while the
/// server is killed with SIGKILL; after a restart on the same data every outcome that got a 2xx is there, and
/// nothing changed that no request asked for.
/// </summary>
public sealed class OutcomeDurabilityTests(PostgresCluster cluster)
{
    private const int Executions = 2_000;
    private const int AcknowledgedBeforeKill = 300;
    private const int Reporters = 16;
    private const string Worker = "w";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_acknowledged_outcome_survives_SIGKILL_and_nothing_unacknowledged_was_answered(string store)
    {
        using var data = new TempDirectory();
        string[] serve = store == "postgres"
            ? ["--store", "postgres", "--connection", await cluster.CreateDatabaseAsync(), "--rate-limit", "1000000"]
            : ["--rate-limit", "1000000"];
        using var http = new HttpClient();
        var answers = new ConcurrentDictionary<Guid, Answer>();
        List<ClaimedExecutionResponse> claims;
        string apiKey;

        await using (var first = await BatonProcess.ServeAsync(data.Path, serve))
        {
            apiKey = first.PrintedApiKey ?? throw new InvalidOperationException("the first start printed no API key");
            var client = new BatonClient(http, await first.WaitForReadyAsync(), apiKey) { RetryFor = TimeSpan.Zero };
            claims = await EnqueueAndClaimAsync(client);

            // The kill lands while many reports wait in, or are being written by, the completer's flushes.
            var queue = new ConcurrentQueue<ClaimedExecutionResponse>(claims);
            var reporters = Enumerable.Range(0, Reporters).Select(_ => ReportUntilFailureAsync(client, queue, answers)).ToList();
            while (answers.Values.Count(a => a == Answer.Acknowledged) < AcknowledgedBeforeKill) await Task.Delay(5, Ct);

            await first.KillHardAsync();
            await Task.WhenAll(reporters);
        }

        await using var second = await BatonProcess.ServeAsync(data.Path, serve);
        var again = new BatonClient(http, await second.WaitForReadyAsync(), apiKey);
        var rows = new List<StoredRow>();
        foreach (var claim in claims)
        {
            var execution = await again.GetExecutionAsync(claim.ExecutionId, Ct);
            rows.Add(new StoredRow(execution.Id, execution.Status, execution.Outcome?.Success));
        }

        Assert.True(answers.Values.Count(a => a == Answer.Acknowledged) >= AcknowledgedBeforeKill);
        Assert.Contains(answers.Values, a => a == Answer.NoAnswer); // the kill did land among requests in flight
        Assert.Empty(Violations(answers, rows));
    }

    [Fact]
    public void The_check_reports_an_acknowledged_outcome_that_is_not_stored_and_a_change_nobody_asked_for()
    {
        Guid acked = Guid.NewGuid(), lost = Guid.NewGuid(), unsent = Guid.NewGuid(), inFlight = Guid.NewGuid();
        var answers = new Dictionary<Guid, Answer> { [acked] = Answer.Acknowledged, [lost] = Answer.Acknowledged, [inFlight] = Answer.NoAnswer };
        StoredRow[] consistent =
        [
            new(acked, "success", true), new(lost, "success", true), new(unsent, "delivering", null), new(inFlight, "delivering", null),
        ];
        Assert.Empty(Violations(answers, consistent));
        Assert.Empty(Violations(answers, [.. consistent[..3], new(inFlight, "success", true)])); // committed, answer lost

        // A planted fault: the server answered 2xx before its commit, and the kill lost the write.
        var violations = Violations(answers, [new(acked, "success", true), new(lost, "delivering", null), consistent[2], consistent[3]]);
        Assert.Equal([$"{lost}: answered 2xx but stored as delivering (outcome: none)"], violations);

        var unasked = Violations(answers, [.. consistent[..2], new(unsent, "success", true), consistent[3]]);
        Assert.Equal([$"{unsent}: never reported but stored as success (outcome: True)"], unasked);
    }

    private enum Answer
    {
        /// <summary>Sent; the server was killed before it answered.</summary>
        NoAnswer,
        Acknowledged,
        Refused,
    }

    private sealed record StoredRow(Guid Id, string Status, bool? Outcome);

    /// <summary>
    /// What the rows after the restart may be, given what each request was answered: a 2xx means success with its
    /// outcome stored; no answer allows either; never sent (or refused) means the row is still delivering.
    /// </summary>
    private static List<string> Violations(IReadOnlyDictionary<Guid, Answer> answers, IEnumerable<StoredRow> rows)
    {
        var violations = new List<string>();
        foreach (var row in rows)
        {
            var finished = row is { Status: "success", Outcome: true };
            var untouched = row is { Status: "delivering", Outcome: null };
            var ok = answers.GetValueOrDefault(row.Id, Answer.Refused) switch
            {
                Answer.Acknowledged => finished,
                Answer.NoAnswer => finished || untouched,
                _ => untouched,
            };
            if (ok) continue;
            var what = answers.TryGetValue(row.Id, out var a) && a == Answer.Acknowledged ? "answered 2xx" : "never reported";
            violations.Add($"{row.Id}: {what} but stored as {row.Status} (outcome: {row.Outcome?.ToString() ?? "none"})");
        }

        return violations;
    }

    private static async Task<List<ClaimedExecutionResponse>> EnqueueAndClaimAsync(BatonClient client)
    {
        var claims = new List<ClaimedExecutionResponse>();
        for (var i = 0; i < Executions; i += 100)
        {
            await client.EnqueueBatchAsync([.. Enumerable.Range(0, 100).Select(_ => new EnqueueExecutionRequest { Task = "t" })], Ct);
            var claim = await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = Worker, Limit = 100, LeaseSeconds = 3600 }, Ct);
            claims.AddRange(claim.Executions!);
        }

        return claims;
    }

    /// <summary>Reports one outcome per request until the server stops answering; notes each request's answer.</summary>
    private static async Task ReportUntilFailureAsync(
        BatonClient client, ConcurrentQueue<ClaimedExecutionResponse> queue, ConcurrentDictionary<Guid, Answer> answers)
    {
        while (queue.TryDequeue(out var claim))
        {
            answers[claim.ExecutionId] = Answer.NoAnswer;
            try
            {
                await client.RecordOutcomeAsync(claim.ExecutionId, new RecordOutcomeRequest { Success = true }, Worker, claim.ClaimToken, Ct);
                answers[claim.ExecutionId] = Answer.Acknowledged;
            }
            catch (BatonApiException)
            {
                answers[claim.ExecutionId] = Answer.Refused;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return; // killed: this request has no answer
            }
        }
    }
}
