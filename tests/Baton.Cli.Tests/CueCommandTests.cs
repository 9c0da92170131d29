using Baton.Contracts.Cues;

namespace Baton.Cli.Tests;

/// <summary>The <c>cues</c> commands against a real server, in text and JSON mode.</summary>
public sealed class CueCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cues_create_ls_show_pause_resume_fire_and_delete_work_in_text_and_json()
    {
        var (key, client) = await server.NewTenantAsync();

        var created = (await server.RunAsync(key, "cues", "create", "nightly", "--cron", "0 3 * * *", "--timezone", "Europe/Berlin",
            "--worker", "--payload", """{"task":"report"}""", "--queue", "reports", "--verification", "require_external_id", "--json")).Json();
        TaskCommandTests.AssertEnvelope(created, exitCode: 0);
        var id = created.GetProperty("cue").GetProperty("id").GetString()!;
        var onDemand = await server.RunAsync(key, "cues", "create", "adhoc", "--on-demand", "--worker", "--quiet");
        var list = await server.RunAsync(key, "cues", "ls");
        var pause = await server.RunAsync(key, "cues", "pause", id);
        var show = await server.RunAsync(key, "cues", "show", id);
        var resume = (await server.RunAsync(key, "cues", "resume", id, "--json")).Json();
        var fired = (await server.RunAsync(key, "cues", "fire", onDemand.Stdout.Trim(), "--payload-override", """{"n":1}""", "--json")).Json();
        var fireText = await server.RunAsync(key, "cues", "fire", onDemand.Stdout.Trim());
        var refused = await server.RunAsync(key, "cues", "delete", id);
        var deleted = await server.RunAsync(key, "cues", "delete", id, "--yes");

        var remaining = (await client.ListCuesAsync(ct: Ct)).Cues;
        Assert.Equal(0, onDemand.ExitCode);
        Assert.StartsWith("cue_", onDemand.Stdout.Trim());
        Assert.Contains("nightly", list.Stdout);
        Assert.Contains("cron 0 3 * * * (Europe/Berlin)", list.Stdout);
        Assert.Contains("Paused", pause.Stdout);
        Assert.Contains("paused", show.Stdout);
        Assert.Contains("require_external_id", show.Stdout);
        Assert.Equal("active", resume.GetProperty("cue").GetProperty("status").GetString());
        Assert.Equal("manual_fire", fired.GetProperty("fired").GetProperty("triggered_by").GetString());
        Assert.Contains("Fired cue", fireText.Stdout);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--yes", refused.Stderr);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Equal("adhoc", Assert.Single(remaining).Name);
        Assert.Equal(2, (await client.ListExecutionsAsync(new Baton.Client.ExecutionListQuery { CueId = onDemand.Stdout.Trim() }, Ct)).Total);
    }

    [Fact]
    public async Task Cues_ls_in_json_and_an_unknown_cue_is_exit_1_with_cue_not_found()
    {
        var (key, client) = await server.NewTenantAsync();
        await client.CreateCueAsync(new CueRequest { Name = "one", Transport = "worker", Schedule = new CueScheduleBody { Type = "on_demand" } }, Ct);

        var json = (await server.RunAsync(key, "cues", "ls", "--json")).Json();
        var missing = await server.RunAsync(key, "cues", "show", "cue_doesnotexist", "--json");

        TaskCommandTests.AssertEnvelope(json, exitCode: 0);
        Assert.Equal("one", Assert.Single(json.GetProperty("cues").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("cue_not_found", missing.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("exactly one schedule", "cues", "create", "x", "--worker")]
    [InlineData("exactly one schedule", "cues", "create", "x", "--worker", "--on-demand", "--cron", "* * * * *")]
    [InlineData("exactly one delivery", "cues", "create", "x", "--on-demand")]
    [InlineData("--verification", "cues", "create", "x", "--on-demand", "--worker", "--verification", "sometimes")]
    [InlineData("--merge-strategy", "cues", "fire", "cue_x", "--merge-strategy", "mix")]
    public async Task Bad_cue_arguments_fail_with_exit_1_before_any_request(string message, params string[] args)
    {
        var result = await Cli.RunAgainstNothingAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }
}
