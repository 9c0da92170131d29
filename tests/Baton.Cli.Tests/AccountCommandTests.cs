using Baton.Contracts.Workers;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary><c>register</c>, <c>login</c>, <c>whoami</c> and <c>workers ls</c>, with the key saved in an isolated config directory.</summary>
public sealed class AccountCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_saves_the_new_key_so_whoami_works_without_any_key_configured()
    {
        using var home = new TempDirectory();

        var register = await server.RunWithConfigAsync(null, home.Path, "register", "--email", "new-user@example.com");
        var whoami = await server.RunWithConfigAsync(null, home.Path, "whoami");
        var whoamiJson = (await server.RunWithConfigAsync(null, home.Path, "whoami", "--json")).Json();

        Assert.Equal(0, register.ExitCode);
        Assert.Matches("bt_[A-Za-z0-9_-]+", register.Stdout);
        Assert.True(File.Exists(Path.Combine(home.Path, "config", "baton", "credentials.json")));
        Assert.Equal(0, whoami.ExitCode);
        Assert.Contains("new-user@example.com", whoami.Stdout);
        Assert.Contains("credentials.json", whoami.Stdout);
        TaskCommandTests.AssertEnvelope(whoamiJson, exitCode: 0);
        Assert.Equal("new-user@example.com", whoamiJson.GetProperty("account").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Register_in_json_mode_returns_the_key_and_a_taken_email_is_a_conflict()
    {
        using var home = new TempDirectory();

        var json = (await server.RunWithConfigAsync(null, home.Path, "register", "--email", "twice@example.com", "--json")).Json();
        var again = await server.RunWithConfigAsync(null, home.Path, "register", "--email", "twice@example.com");

        TaskCommandTests.AssertEnvelope(json, exitCode: 0);
        Assert.StartsWith("bt_", json.GetProperty("api_key").GetString());
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("duplicate_email", again.Stderr);
    }

    [Fact]
    public async Task Login_saves_a_key_the_server_accepts_and_refuses_a_bad_one_with_exit_3()
    {
        using var home = new TempDirectory();
        var (key, _) = await server.NewTenantAsync();

        var bad = await server.RunWithConfigAsync(null, home.Path, "login", "--api-key", "bt_not_a_real_key");
        var noKey = await server.RunWithConfigAsync(null, home.Path, "whoami");
        var good = await server.RunWithConfigAsync(null, home.Path, "login", "--api-key", key, "--json");
        var whoami = await server.RunWithConfigAsync(null, home.Path, "whoami", "--quiet");

        Assert.Equal(3, bad.ExitCode);
        Assert.Equal(3, noKey.ExitCode);
        Assert.Contains("baton login", noKey.Stderr);
        Assert.Equal(0, good.ExitCode);
        TaskCommandTests.AssertEnvelope(good.Json(), exitCode: 0);
        Assert.Equal(0, whoami.ExitCode);
        Assert.StartsWith("cli-", whoami.Stdout.Trim());
    }

    [Fact]
    public async Task Workers_ls_shows_heartbeating_workers_in_a_table_and_in_json()
    {
        var (key, client) = await server.NewTenantAsync();
        await client.WorkerHeartbeatAsync(new WorkerHeartbeatRequest { WorkerId = "laptop-1", Handlers = ["summarise"] }, Ct);

        var text = await server.RunAsync(key, "workers", "ls");
        var json = (await server.RunAsync(key, "workers", "ls", "--json")).Json();

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("laptop-1", text.Stdout);
        Assert.Contains("active", text.Stdout);
        TaskCommandTests.AssertEnvelope(json, exitCode: 0);
        Assert.Equal("laptop-1", Assert.Single(json.GetProperty("workers").EnumerateArray()).GetProperty("worker_id").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1/")]
    public async Task Server_accepts_the_api_base_with_v1_as_the_worker_config_does(string suffix)
    {
        var (key, _) = await server.NewTenantAsync();

        var whoami = await server.RunAsync(key, "whoami", "--server", new Uri(server.Url, suffix).ToString(), "--json");

        Assert.Equal(0, whoami.ExitCode);
        Assert.StartsWith("cli-", whoami.Json().GetProperty("account").GetProperty("email").GetString(), StringComparison.Ordinal);
    }
}
