using System.Net;
using System.Net.Sockets;

namespace Baton.Server.Webhooks;

/// <summary>
/// The SSRF rules for callback URLs, used when a cue is saved and again for every
/// connection a delivery opens (<see cref="WebhookSender"/> connects only to the addresses checked here, so a DNS
/// answer that changes after the check cannot redirect it).
/// <list type="bullet">
/// <item>https only; no credentials in the URL; no cloud metadata host names.</item>
/// <item>Every address the host resolves to must be public: not loopback, private (10/8, 172.16/12, 192.168/16),
/// CGNAT (100.64/10), benchmark (198.18/15), IPv6 unique-local (fc00::/7) or site-local, link-local (169.254/16,
/// fe80::/10), unspecified, multicast, broadcast or reserved, nor a cloud metadata address; IPv6 forms that carry an
/// IPv4 address (mapped <c>::ffff:a.b.c.d</c>, compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4
/// <c>2002::/16</c>) are judged by that IPv4 address.</item>
/// <item>With <see cref="WebhookSettings.AllowPrivateCallbacks"/> (local development): http, loopback and the
/// private ranges are allowed; link-local, metadata, unspecified, multicast and reserved targets are not.</item>
/// </list>
/// </summary>
internal sealed class CallbackUrlGuard(IHostResolver resolver, WebhookSettings settings)
{
    private static readonly HashSet<string> MetadataHostNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal",
        "metadata.azure.internal", "metadata.tencentyun.com",
    };

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, Oracle, DigitalOcean …
        IPAddress.Parse("169.254.170.2"), // AWS ECS task metadata
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("168.63.129.16"), // Azure host (wireserver), a public address
        IPAddress.Parse("fd00:ec2::254"), // AWS over IPv6
    ];

    /// <summary>
    /// Checks the URL and every address its host resolves to now (save time). A host that does not resolve is not
    /// refused here: the answer is a warning for the caller (deliveries check again and refuse it then).
    /// </summary>
    public async Task<string?> CheckAsync(string url, CancellationToken ct)
    {
        var uri = CheckSyntax(url);
        try
        {
            await ResolveAsync(uri.IdnHost, ct);
            return null;
        }
        catch (CallbackHostUnresolvedException e)
        {
            return $"'{e.Host}' could not be resolved from this server now; it was saved anyway, and each delivery " +
                   "checks the addresses it resolves to then.";
        }
    }

    /// <summary>What can be judged without resolving: scheme, credentials, metadata names, address literals.</summary>
    public Uri CheckSyntax(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") ||
            string.IsNullOrEmpty(uri.Host))
        {
            throw new CallbackUrlRefusedException("it is not an absolute https URL");
        }

        if (uri.Scheme == "http" && !settings.AllowPrivateCallbacks)
        {
            throw new CallbackUrlRefusedException("only https URLs are allowed (http needs --allow-private-callbacks)");
        }

        if (uri.UserInfo.Length > 0) throw new CallbackUrlRefusedException("credentials in the URL are not allowed");
        var host = uri.IdnHost.TrimEnd('.');
        if (MetadataHostNames.Contains(host)) throw new CallbackUrlRefusedException($"'{host}' is a cloud metadata host");
        if (IPAddress.TryParse(host, out var literal)) CheckAddress(literal);
        if (IsLocalhostName(host)) CheckAddress(IPAddress.Loopback, host);
        return uri;
    }

    /// <summary>The host's addresses, every one of them allowed; throws the reason otherwise.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        host = host.TrimEnd('.');
        if (MetadataHostNames.Contains(host)) throw new CallbackUrlRefusedException($"'{host}' is a cloud metadata host");
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, ct);
            }
            catch (SocketException)
            {
                addresses = [];
            }

            if (addresses.Length == 0) throw new CallbackHostUnresolvedException(host);
        }

        // Every answer must pass: a name that mixes a public and a private address would reach the private one.
        foreach (var address in addresses) CheckAddress(address, host);
        return addresses;
    }

    /// <summary><c>localhost</c> and <c>*.localhost</c> are loopback by definition (RFC 6761), whatever DNS says.</summary>
    private static bool IsLocalhostName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private void CheckAddress(IPAddress address, string? host = null)
    {
        if (Classify(address) is not { } refusal) return;
        if (refusal.AllowedInDevelopment && settings.AllowPrivateCallbacks) return;
        var what = host is null ? address.ToString() : $"'{host}' resolves to {address}, which";
        throw new CallbackUrlRefusedException($"{what} is {refusal.Reason}");
    }

    /// <summary>Why an address may not be a webhook target, or null when it is public.</summary>
    internal static (string Reason, bool AllowedInDevelopment)? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (MetadataAddresses.Any(m => m.Equals(address))) return ("a cloud metadata address", false);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (EmbeddedIPv4(b) is { } v4)
            {
                var inner = Classify(v4);
                return inner is null ? null : (inner.Value.Reason + $" (inside the IPv6 address {address})", inner.Value.AllowedInDevelopment);
            }

            if (address.Equals(IPAddress.IPv6Any)) return ("the unspecified address", false);
            if (address.Equals(IPAddress.IPv6Loopback)) return ("a loopback address", true);
            if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return ("a link-local address (fe80::/10)", false);
            if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return ("a site-local address (fec0::/10)", true);
            if ((b[0] & 0xfe) == 0xfc) return ("a unique-local (private) address (fc00::/7)", true);
            if (b[0] == 0xff) return ("a multicast address", false);
            return null;
        }

        var a = address.GetAddressBytes();
        return a switch
        {
            [0, ..] => ("an unspecified address (0.0.0.0/8)", false),
            [127, ..] => ("a loopback address (127.0.0.0/8)", true),
            [10, ..] => ("a private network address (10.0.0.0/8)", true),
            [172, >= 16 and <= 31, ..] => ("a private network address (172.16.0.0/12)", true),
            [192, 168, ..] => ("a private network address (192.168.0.0/16)", true),
            [169, 254, ..] => ("a link-local address (169.254.0.0/16)", false),
            [100, >= 64 and <= 127, ..] => ("a carrier-grade NAT address (100.64.0.0/10)", true),
            [198, 18 or 19, ..] => ("a benchmarking network address (198.18.0.0/15)", true),
            [192, 0, 0, _] => ("an IETF protocol assignment address (192.0.0.0/24)", false),
            [255, 255, 255, 255] => ("the broadcast address", false),
            [>= 224 and <= 239, ..] => ("a multicast address (224.0.0.0/4)", false),
            [>= 240, ..] => ("a reserved address (240.0.0.0/4)", false),
            _ => null,
        };
    }

    /// <summary>The IPv4 address an IPv6 address carries: compatible, NAT64 well-known prefix, or 6to4.</summary>
    private static IPAddress? EmbeddedIPv4(byte[] b)
    {
        // ::a.b.c.d (deprecated "IPv4-compatible"), but not :: and ::1 themselves.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && ((b[12] | b[13] | b[14]) != 0 || b[15] > 1))
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        // 64:ff9b::/96, the NAT64 well-known prefix: a NAT64 gateway would connect to the IPv4 address inside.
        if (b is [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..]) return new IPAddress(b.AsSpan(12, 4));

        // 2002:AABB:CCDD::/48, 6to4: relays deliver to AA.BB.CC.DD.
        if (b is [0x20, 0x02, ..]) return new IPAddress(b.AsSpan(2, 4));
        return null;
    }
}
