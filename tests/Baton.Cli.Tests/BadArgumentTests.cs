using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>
/// Bad arguments fail while parsing: exit 1 and a message naming the flag. They run against a port nothing listens
/// on, where any HTTP call would end in exit 2, so exit 1 also shows that no request was attempted.
/// </summary>
public sealed class BadArgumentTests
{
    [Theory]
    [InlineData("--payload", "enqueue", "--task", "x", "--payload", "{not json")]
    [InlineData("--payload", "enqueue", "--task", "x", "--payload", "[1,2]")]
    [InlineData("--status", "ls", "--status", "finished")]
    [InlineData("--limit", "ls", "--limit", "-1")]
    [InlineData("--priority", "enqueue", "--task", "x", "--priority", "lots")]
    [InlineData("--max-attempts", "enqueue", "--task", "x", "--max-attempts", "0")]
    [InlineData("--wait", "claim", "--worker-id", "w", "--wait", "-5")]
    [InlineData("--send-at", "enqueue", "--task", "x", "--send-at", "tomorrowish")]
    [InlineData("--queue", "enqueue", "--task", "x", "--queue", "no spaces")]
    [InlineData("--worker-id", "claim")]
    [InlineData("--server", "ls", "--server", "ftp://example.com")]
    [InlineData("UUID", "show", "not-a-uuid")]
    [InlineData("--result-url", "complete", "0197a6b0-0000-7000-8000-000000000000", "--worker-id", "w", "--result-url", "file:///etc")]
    public async Task A_bad_argument_fails_with_exit_1_naming_the_flag_before_any_request(string named, params string[] args)
    {
        var result = await Cli.RunAgainstNothingAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(named, result.Stderr);
        Assert.DoesNotContain("Could not reach", result.Stderr);
    }

    [Fact]
    public async Task An_over_long_run_id_fails_with_exit_1_naming_the_flag()
    {
        var result = await Cli.RunAgainstNothingAsync("enqueue", "--task", "x", "--run-id", new string('r', 257));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--run-id must be 1 to 256 characters", result.Stderr);
    }

    [Fact]
    public async Task With_json_a_bad_argument_is_one_envelope_with_invalid_arguments()
    {
        var result = await Cli.RunAgainstNothingAsync("ls", "--limit", "500", "--json");

        Assert.Equal(1, result.ExitCode);
        var json = result.Json();
        TaskCommandTests.AssertEnvelope(json, exitCode: 1);
        Assert.Equal("invalid_arguments", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("--limit", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_bad_line_in_a_tasks_file_fails_with_exit_1_naming_the_line_before_any_request()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "tasks.jsonl");
        await File.WriteAllLinesAsync(file, ["""{"task":"a"}""", "not json"], TestContext.Current.CancellationToken);

        var result = await Cli.RunAgainstNothingAsync("enqueue", "--from-file", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--from-file tasks.jsonl line 2", result.Stderr);
    }
}
