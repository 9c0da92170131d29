using System.Net;
using Baton.Client;
using Baton.Contracts.Cues;
using Baton.Server.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Baton.Server.Tests.Webhooks;

/// <summary>
/// The SSRF rules with the production defaults (https only, no private targets), and a resolver the test controls:
/// refused at save with nothing stored, and refused again at delivery when a name's answer changed after the save.
/// </summary>
public sealed class WebhookSsrfTests : IAsyncLifetime
{
    private const string PublicAddress = "93.184.216.34";
    private readonly FakeHostResolver _dns = new();
    private ServerHarness _server = null!;
    private BatonClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _dns.Answer("public.test", PublicAddress);
        _dns.Answer("loopback.test", "127.0.0.1");
        _dns.Answer("mixed.test", PublicAddress, "10.1.1.1");
        _dns.Answer("mapped.test", "::ffff:192.168.0.10");
        _server = await ServerHarness.StartAsync(configure: b => b.Services.AddSingleton<IHostResolver>(_dns));
        _client = await _server.NewTenantAsync();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    public static TheoryData<string, string> RefusedUrls => new()
    {
        { "http://169.254.169.254/", "https" },
        { "https://169.254.169.254/latest/meta-data/", "metadata" },
        { "https://127.0.0.1/", "loopback" },
        { "https://[::1]/", "loopback" },
        { "https://[::ffff:127.0.0.1]/", "loopback" },
        { "https://[::ffff:a9fe:a9fe]/", "metadata" },
        { "https://[::10.0.0.1]/", "private" },
        { "https://[64:ff9b::a00:1]/", "private" },
        { "https://10.0.0.1/", "private" },
        { "https://172.16.5.4/", "private" },
        { "https://192.168.1.1/", "private" },
        { "https://[fd00::1]/", "unique-local" },
        { "https://[fe80::1]/", "link-local" },
        { "https://169.254.10.10/", "link-local" },
        { "https://100.64.0.1/", "carrier-grade NAT" },
        { "https://198.18.0.1/", "benchmarking" },
        { "https://0.0.0.0/", "unspecified" },
        { "https://224.0.0.1/", "multicast" },
        { "https://[fd00:ec2::254]/", "metadata" },
        { "https://metadata.google.internal/computeMetadata/v1/", "metadata host" },
        { "https://metadata/", "metadata host" },
        { "https://loopback.test/hook", "'loopback.test' resolves to 127.0.0.1" },
        { "https://mixed.test/hook", "10.1.1.1" },
        { "https://mapped.test/hook", "private" },
        { "https://localhost/hook", "loopback" },
        { "https://user:pw@public.test/hook", "credentials" },
        { "http://public.test/hook", "https" },
        { "ftp://public.test/hook", "https" },
    };

    [Theory]
    [MemberData(nameof(RefusedUrls))]
    public async Task A_callback_url_the_ssrf_rules_refuse_is_a_400_at_save_and_nothing_is_stored(string url, string reason)
    {
        var error = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "invalid_callback_url",
            () => _client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(new Uri(url)), Ct));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await _client.ListCuesAsync(ct: Ct)).Total);
    }

    [Fact]
    public async Task The_on_failure_webhook_and_a_patched_callback_obey_the_same_rules()
    {
        var error = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "invalid_callback_url",
            () => _client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(new Uri("https://public.test/hook")) with
            {
                OnFailure = new CueOnFailureBody { Webhook = "https://10.0.0.1/failed" },
            }, Ct));
        Assert.Contains("on_failure.webhook", error.Message, StringComparison.Ordinal);

        var cue = await _client.CreateCueAsync(WebhookDeliveryTests.WebhookCue(new Uri("https://public.test/hook")), Ct);
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, "invalid_callback_url",
            () => _client.UpdateCueAsync(cue.Id, new CueRequest { Callback = new CueCallbackBody { Url = "https://loopback.test/" } }, Ct));
        Assert.Equal("https://public.test/hook", (await _client.GetCueAsync(cue.Id, ct: Ct)).Callback!.Url);
        Assert.Equal(1, (await _client.ListCuesAsync(ct: Ct)).Total);
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_private_address_after_the_save_is_refused_at_delivery_and_nothing_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        _dns.Answer("rebind.test", PublicAddress);
        var cue = await _client.CreateCueAsync(
            WebhookDeliveryTests.WebhookCue(new Uri($"https://rebind.test:{receiver.Url.Port}/hook")), Ct);

        // The attacker's DNS now points the saved name at the loopback receiver.
        _dns.Answer("rebind.test", "127.0.0.1");
        var fired = await _client.FireCueAsync(cue.Id, ct: Ct);
        var done = await _client.WaitForExecutionAsync(fired.Id, TimeSpan.FromSeconds(15), Ct);

        Assert.Equal(("failed", 1, null), (done.Status, done.Attempts, done.HttpStatus));
        Assert.Contains("'rebind.test' resolves to 127.0.0.1", done.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("loopback", done.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }
}
