using System.Reflection;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>The command line explains itself and refuses bad input without starting anything.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Version_prints_the_release_version()
    {
        var expected = typeof(BatonCommandLine).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var (exitCode, stdout, _) = await BatonProcess.RunAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.Equal(expected, stdout.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
    }

    [Fact]
    public async Task Help_describes_baton_and_lists_the_serve_command()
    {
        var (exitCode, stdout, _) = await BatonProcess.RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("work-coordination server", stdout);
        Assert.Contains("serve", stdout);
    }

    [Theory]
    [InlineData("--url")]
    [InlineData("--data-dir")]
    [InlineData("--store")]
    [InlineData("--connection")]
    [InlineData("--node-id")]
    [InlineData("--leader-ttl")]
    [InlineData("--no-register")]
    [InlineData("--strict-ownership")]
    [InlineData("--rate-limit")]
    [InlineData("--allow-private-callbacks")]
    public async Task Serve_help_lists_each_option(string option)
    {
        var (exitCode, stdout, _) = await BatonProcess.RunAsync("serve", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains(option, stdout);
    }

    [Fact]
    public async Task Serve_help_shows_the_defaults()
    {
        var (_, stdout, _) = await BatonProcess.RunAsync("serve", "--help");

        Assert.Contains("[default: http://127.0.0.1:8420]", stdout);
        Assert.Contains("[default: ./baton-data]", stdout);
        Assert.Contains("[default: 600]", stdout);
    }

    [Theory]
    [InlineData("--url", "https://127.0.0.1:8420", "--url must be an http://host:port address")]
    [InlineData("--url", "not a url", "--url must be an http://host:port address")]
    [InlineData("--rate-limit", "0", "--rate-limit must be at least 1")]
    [InlineData("--rate-limit", "many", "many")]
    public async Task Serve_refuses_a_bad_option_value_with_a_message_and_a_nonzero_exit(
        string option, string value, string message)
    {
        var (exitCode, stdout, stderr) = await BatonProcess.RunAsync("serve", option, value);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("Baton listening on", stdout);
    }

    [Fact]
    public async Task Serve_on_postgres_without_a_connection_string_is_refused_before_starting()
    {
        var (exitCode, stdout, stderr) = await BatonProcess.RunAsync("serve", "--store", "postgres");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--store postgres needs --connection", stderr);
        Assert.DoesNotContain("Baton listening on", stdout);
    }

    [Fact]
    public async Task An_unknown_command_is_refused()
    {
        var (exitCode, _, stderr) = await BatonProcess.RunAsync("serv");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("serv", stderr);
    }
}
