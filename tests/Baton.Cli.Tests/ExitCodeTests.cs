namespace Baton.Cli.Tests;

/// <summary>Server down is exit 2 and a bad key exit 3, in both modes, with a message and never a stack trace.</summary>
public sealed class ExitCodeTests(CliServer server) : IClassFixture<CliServer>
{
    [Theory]
    [InlineData("ls")]
    [InlineData("enqueue", "--task", "x")]
    [InlineData("claim", "--worker-id", "w1")]
    [InlineData("events", "tail")]
    public async Task A_server_that_is_down_is_exit_2_with_server_unreachable(params string[] args)
    {
        var text = await Cli.RunAgainstNothingAsync(args);
        var json = await Cli.RunAgainstNothingAsync([.. args, "--json"]);

        Assert.Equal(2, text.ExitCode);
        Assert.Contains("Could not reach the Baton server at http://127.0.0.1:1/", text.Stderr);
        Assert.DoesNotContain("   at ", text.Stderr);
        Assert.Equal(2, json.ExitCode);
        TaskCommandTests.AssertEnvelope(json.Json(), exitCode: 2);
        Assert.Equal("server_unreachable", json.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("ls")]
    [InlineData("whoami")]
    [InlineData("events", "tail")]
    public async Task A_bad_api_key_is_exit_3_with_invalid_api_key(params string[] args)
    {
        var text = await server.RunAsync("bt_wrong", args);
        var json = await server.RunAsync(null, [.. args, "--api-key", "bt_wrong", "--format", "json"]);

        Assert.Equal(3, text.ExitCode);
        Assert.Contains("invalid_api_key", text.Stderr);
        Assert.Equal(3, json.ExitCode);
        TaskCommandTests.AssertEnvelope(json.Json(), exitCode: 3);
        Assert.Equal("invalid_api_key", json.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_server_option_wins_over_BATON_URL()
    {
        var (key, _) = await server.NewTenantAsync();

        var result = await Cli.RunAsync(
            new Dictionary<string, string> { ["BATON_URL"] = "http://127.0.0.1:1", ["BATON_API_KEY"] = key },
            "ls", "--server", server.Url.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0 total", result.Stdout);
    }
}
