using System.Net;

namespace Baton.Cli.Hosting;

/// <summary>What the address <c>serve</c> listens on implies for who can reach it.</summary>
public static class ListenAddress
{
    /// <summary>
    /// Whether <c>POST /v1/auth/register</c> is open: <c>--no-register</c> closes it, <c>--allow-register</c> opens it,
    /// and otherwise it is open only on a loopback address, where nobody but this machine's users can make an account.
    /// </summary>
    public static bool RegistrationOpen(string url, bool noRegister, bool allowRegister) =>
        !noRegister && (allowRegister || IsLoopback(url));

    /// <summary><c>localhost</c>, <c>127.0.0.0/8</c> or <c>::1</c>; a wildcard (<c>0.0.0.0</c>, <c>*</c>) or any other host is not.</summary>
    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var host = uri.Host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
