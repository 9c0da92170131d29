using System.Net;
using Baton.Cli.Hosting;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>What <c>baton serve</c> prints and how it is configured at start.</summary>
public sealed class ServeStartupTests
{
    [Fact]
    public async Task The_first_start_prints_one_api_key_that_works_then_one_ready_line()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        await using var baton = await BatonProcess.ServeAsync(data.Path);
        var url = await baton.WaitForReadyAsync();

        var lines = baton.StdoutLines;
        Assert.Single(lines, l => l.StartsWith(ServeRunner.ApiKeyLinePrefix, StringComparison.Ordinal));
        var ready = Assert.Single(lines, l => l.StartsWith(ServeRunner.ReadyLinePrefix, StringComparison.Ordinal));
        Assert.Equal(lines[^1], ready);
        Assert.Matches(@"^Baton listening on http://127\.0\.0\.1:\d+ \(sqlite: .+baton\.db\)$", ready);
        Assert.StartsWith("bt_", baton.PrintedApiKey);

        var me = await new BatonClient(http, url, baton.PrintedApiKey).GetMeAsync(ct);
        Assert.Equal("admin@localhost", me.Email);
    }

    [Fact]
    public async Task The_first_start_creates_the_data_directory_and_the_database_in_it()
    {
        using var parent = new TempDirectory();
        var data = Path.Combine(parent.Path, "nested", "baton-data");
        await using var baton = await BatonProcess.ServeAsync(data);

        Assert.True(File.Exists(Path.Combine(data, "baton.db")));
        Assert.Contains($"(sqlite: {Path.Combine(data, "baton.db")})", baton.StdoutLines[^1]);
    }

    [Fact]
    public async Task Without_options_serve_takes_its_url_and_data_directory_from_BATON_URL_and_BATON_DATA_DIR()
    {
        using var data = new TempDirectory();
        await using var baton = BatonProcess.StartWithEnvironment(
            new Dictionary<string, string> { ["BATON_URL"] = "http://127.0.0.1:0", ["BATON_DATA_DIR"] = data.Path },
            "serve");

        var url = await baton.WaitForReadyAsync();

        Assert.NotEqual(8420, url.Port);
        Assert.True(File.Exists(Path.Combine(data.Path, "baton.db")));
    }

    [Fact]
    public async Task Options_win_over_the_environment()
    {
        using var fromEnvironment = new TempDirectory();
        using var fromOption = new TempDirectory();
        await using var baton = BatonProcess.StartWithEnvironment(
            new Dictionary<string, string> { ["BATON_URL"] = "http://127.0.0.1:1", ["BATON_DATA_DIR"] = fromEnvironment.Path },
            "serve", "--url", "http://127.0.0.1:0", "--data-dir", fromOption.Path);

        await baton.WaitForReadyAsync();

        Assert.True(File.Exists(Path.Combine(fromOption.Path, "baton.db")));
        Assert.False(File.Exists(Path.Combine(fromEnvironment.Path, "baton.db")));
    }

    [Fact]
    public async Task Registration_is_open_by_default()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        await using var baton = await BatonProcess.ServeAsync(data.Path);
        var anonymous = new BatonClient(http, await baton.WaitForReadyAsync());

        var registered = await anonymous.RegisterAsync("someone@example.com", ct);

        Assert.StartsWith("bt_", registered.ApiKey);
    }

    [Fact]
    public async Task No_register_closes_registration_but_the_first_tenant_still_gets_its_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        await using var baton = await BatonProcess.ServeAsync(data.Path, "--no-register");
        var url = await baton.WaitForReadyAsync();

        var refused = await Assert.ThrowsAsync<BatonApiException>(
            () => new BatonClient(http, url).RegisterAsync("someone@example.com", ct));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        await new BatonClient(http, url, baton.PrintedApiKey).GetMeAsync(ct);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Strict_ownership_decides_whether_an_identity_less_outcome_is_accepted(bool strict, bool accepted)
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        await using var baton = await BatonProcess.ServeAsync(data.Path, strict ? ["--strict-ownership"] : []);
        var client = new BatonClient(http, await baton.WaitForReadyAsync(), baton.PrintedApiKey);
        var id = (await client.EnqueueAsync(new EnqueueExecutionRequest { Task = "t" }, ct)).Execution.Id;
        await client.ClaimAsync(new ClaimExecutionsRequest { WorkerId = "w1", Task = "t" }, ct);

        var outcome = client.RecordOutcomeAsync(id, new RecordOutcomeRequest { Success = true }, ct: ct);

        if (accepted)
        {
            Assert.Equal("success", (await outcome).Status);
        }
        else
        {
            Assert.Equal("not_execution_owner", (await Assert.ThrowsAsync<BatonApiException>(() => outcome)).Code);
        }
    }

    [Fact]
    public async Task Rate_limit_sets_the_per_key_limit_the_server_reports()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var http = new HttpClient();
        await using var baton = await BatonProcess.ServeAsync(data.Path, "--rate-limit", "42");
        var client = new BatonClient(http, await baton.WaitForReadyAsync(), baton.PrintedApiKey);

        Assert.Equal(42, (await client.GetMeAsync(ct)).RateLimitPerMinute);
    }

    [Fact]
    public async Task A_port_already_in_use_fails_the_start_with_exit_code_1_and_one_line_without_a_stack_trace()
    {
        using var firstData = new TempDirectory();
        using var secondData = new TempDirectory();
        await using var first = await BatonProcess.ServeAsync(firstData.Path);
        var taken = await first.WaitForReadyAsync();

        var (exitCode, stdout, stderr) = await BatonProcess.RunAsync(
            "serve", "--url", taken.GetLeftPart(UriPartial.Authority), "--data-dir", secondData.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("could not start", stderr);
        Assert.Contains("address already in use", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ServeRunner.ReadyLinePrefix, stdout);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_ready_line_names_the_database_by_its_absolute_path_when_the_data_directory_is_relative()
    {
        using var workingDirectory = new TempDirectory();
        await using var baton = BatonProcess.StartIn(workingDirectory.Path, "serve", "--url", "http://127.0.0.1:0", "--data-dir", "./relative-data");
        await baton.WaitForReadyAsync();

        var database = Path.Combine(workingDirectory.Path, "relative-data", "baton.db");
        Assert.True(File.Exists(database));
        Assert.EndsWith($"(sqlite: {database})", baton.StdoutLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listening_on_every_interface_closes_registration_unless_allow_register_and_the_first_tenant_still_gets_its_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        foreach (var (extra, open) in new[] { (Array.Empty<string>(), false), (["--allow-register"], true) })
        {
            using var data = new TempDirectory();
            await using var baton = BatonProcess.Start(["serve", "--url", "http://0.0.0.0:0", "--data-dir", data.Path, .. extra]);
            var port = (await baton.WaitForReadyAsync()).Port;
            var url = new Uri($"http://127.0.0.1:{port}");

            var register = new BatonClient(http, url).RegisterAsync($"someone-{open}@example.com", ct);
            if (open)
            {
                Assert.StartsWith("bt_", (await register).ApiKey);
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<BatonApiException>(() => register)).Status);
                Assert.Contains("--allow-register", baton.Stderr, StringComparison.Ordinal);
            }

            Assert.Equal("admin@localhost", (await new BatonClient(http, url, baton.PrintedApiKey).GetMeAsync(ct)).Email);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:8420", true)]
    [InlineData("http://127.0.0.2:8420", true)]
    [InlineData("http://localhost:8420", true)]
    [InlineData("http://[::1]:8420", true)]
    [InlineData("http://0.0.0.0:8420", false)]
    [InlineData("http://[::]:8420", false)]
    [InlineData("http://*:8420", false)]
    [InlineData("http://10.1.2.3:8420", false)]
    [InlineData("http://baton.internal:8420", false)]
    public void Only_a_loopback_address_counts_as_loopback(string url, bool loopback) =>
        Assert.Equal(loopback, ListenAddress.IsLoopback(url));

    [Theory]
    [InlineData("http://127.0.0.1:8420", false, false, true)]
    [InlineData("http://127.0.0.1:8420", true, false, false)]
    [InlineData("http://0.0.0.0:8420", false, false, false)]
    [InlineData("http://0.0.0.0:8420", false, true, true)]
    public void Registration_is_open_on_loopback_closed_beyond_it_and_the_flags_override(
        string url, bool noRegister, bool allowRegister, bool open) =>
        Assert.Equal(open, ListenAddress.RegistrationOpen(url, noRegister, allowRegister));
}
