using System.Net;
using Baton.Cli.Hosting;
using Baton.Client;

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
    public async Task A_port_already_in_use_fails_the_start_with_exit_code_1_and_a_message()
    {
        using var firstData = new TempDirectory();
        using var secondData = new TempDirectory();
        await using var first = await BatonProcess.ServeAsync(firstData.Path);
        var taken = await first.WaitForReadyAsync();

        var (exitCode, stdout, stderr) = await BatonProcess.RunAsync(
            "serve", "--url", taken.GetLeftPart(UriPartial.Authority), "--data-dir", secondData.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("could not start", stderr);
        Assert.DoesNotContain(ServeRunner.ReadyLinePrefix, stdout);
    }
}
