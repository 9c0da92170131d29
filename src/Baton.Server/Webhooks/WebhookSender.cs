using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Baton.Core.Webhooks;

namespace Baton.Server.Webhooks;

/// <summary>
/// Sends one signed webhook (a cue's delivery or an <c>on_failure</c> notice). The body is
/// <see cref="PythonJson"/>'s bytes, signed as sent; redirects are not followed; the whole send is bounded by
/// <see cref="WebhookSettings.Timeout"/>. Every connection is opened by <see cref="ConnectAsync"/>, which resolves the
/// host itself, checks every answer against the SSRF rules and connects to a checked address: there is no second
/// lookup for DNS to answer differently.
/// </summary>
internal sealed class WebhookSender : IWebhookSender, IDisposable
{
    public const int ResponsePrefixChars = 2000;

    private static readonly string UserAgent = "Baton/" + ServerVersion.Current;

    private readonly CallbackUrlGuard _guard;
    private readonly WebhookSecrets _secrets;
    private readonly WebhookSettings _settings;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    public WebhookSender(CallbackUrlGuard guard, WebhookSecrets secrets, WebhookSettings settings, TimeProvider time)
    {
        _guard = guard;
        _secrets = secrets;
        _settings = settings;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A proxy would open the connection to the target itself, past the address check.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = settings.Timeout,
            // Pooled connections were opened to a checked address; renewing them now and then re-checks the name.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<WebhookResult> SendAsync(WebhookMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        Uri uri;
        try
        {
            uri = _guard.CheckSyntax(message.Url);
        }
        catch (CallbackUrlRefusedException e)
        {
            return Refused(e.Message);
        }

        var body = PythonJson.SerializeToUtf8Bytes(message.Body);
        var secret = message.Secret ?? await _secrets.GetOrCreateAsync(message.TenantId, ct);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(new HttpMethod(message.Method), uri)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in message.Headers)
        {
            if (WebhookHeaders.IsReserved(name)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content.Headers.TryAddWithoutValidation(name, value);
        }

        // Set after the custom headers and by name, so none of these can be replaced or doubled.
        foreach (var (name, value) in message.DeliveryHeaders) Set(request, name, value);
        Set(request, WebhookHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(request, WebhookHeaders.Signature, WebhookSignature.Compute(secret, timestamp, body));
        Set(request, "User-Agent", UserAgent);
        if (message.Trace.Parent is { } traceParent) Set(request, "traceparent", traceParent);
        if (message.Trace is { Parent: not null, State: { Length: > 0 } traceState }) Set(request, "tracestate", traceState);

        // The network bound is wall-clock time, whatever clock the server decides by.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var text = await ReadPrefixAsync(response, timeout.Token);
            return new WebhookResult((int)response.StatusCode, text, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return new WebhookResult(null, null, $"no answer within {_settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refusal)
        {
            return Refused(refusal.Message);
        }
        catch (HttpRequestException e)
        {
            return new WebhookResult(null, null, "could not deliver: " + Innermost(e).Message);
        }
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await _guard.ResolveAsync(context.DnsEndPoint.Host.Trim('[', ']'), ct);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[ResponsePrefixChars];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0) break;
            read += n;
        }

        return new string(buffer, 0, read);
    }

    private static WebhookResult Refused(string reason) =>
        new(null, null, "callback URL refused: " + reason) { Refused = true };

    private static CallbackUrlRefusedException? FindRefusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is CallbackUrlRefusedException refusal) return refusal;
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
