using System.Security.Claims;
using Baton.Core;
using Baton.Core.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Baton.Server.Dashboard;

/// <summary>
/// The dashboard's sign-in: an API key, checked once, becomes a cookie session (ASP.NET Core's cookie
/// authentication; the ticket is encrypted with data protection). The ticket holds the tenant, the key's hash and
/// its display prefix, never the key. Every request re-checks the hash, so a rotated key ends its sessions.
/// Signing out also records the session's id as ended (<see cref="SignedOutSessions"/>), so a copy of the cookie
/// kept from before is refused too, not only the browser's own.
/// </summary>
internal static class DashboardSession
{
    public const string Scheme = "BatonDashboard";
    public const string CookieName = "baton_session";

    /// <summary>A session ends after this long without a request (sliding), whatever the browser keeps.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(8);

    private const string TenantClaim = "baton:tenant";
    private const string KeyHashClaim = "baton:key_hash";
    private const string KeyPrefixClaim = "baton:key_prefix";
    private const string SessionIdClaim = "baton:sid";
    private static readonly object SignedInKey = new();

    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.Path = DashboardPaths.Root;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        // Secure whenever the request came over HTTPS; a plain-HTTP loopback server still works.
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = IdleLifetime;
        o.SlidingExpiration = true;
        o.LoginPath = DashboardPaths.SignIn;
    }

    /// <summary>Checks <paramref name="apiKey"/> and starts a session; throws invalid_api_key / key_rotated.</summary>
    public static async Task SignInAsync(HttpContext http, AccountService accounts, string apiKey)
    {
        var tenantId = await accounts.AuthenticateAsync(apiKey, http.RequestAborted);
        var identity = new ClaimsIdentity(
            [
                new Claim(TenantClaim, tenantId),
                new Claim(KeyHashClaim, ApiKeys.Hash(apiKey)),
                new Claim(KeyPrefixClaim, ApiKeys.DisplayPrefix(apiKey)),
                new Claim(SessionIdClaim, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))),
            ], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    public static async Task SignOutAsync(HttpContext http, SignedOutSessions signedOut, TimeProvider time)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (result.Principal?.FindFirstValue(SessionIdClaim) is { } sid)
        {
            signedOut.Add(sid, (result.Properties?.ExpiresUtc ?? time.GetUtcNow()) + IdleLifetime);
        }

        await http.SignOutAsync(Scheme);
    }

    /// <summary>The signed-in session, re-checked against the key store; null when there is none (or it ended).</summary>
    public static async Task<SignedIn?> AuthenticateAsync(HttpContext http, AccountService accounts, SignedOutSessions signedOut)
    {
        if (http.Items[SignedInKey] is SignedIn known) return known;
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal is not { } principal) return null;
        var hash = principal.FindFirstValue(KeyHashClaim);
        var prefix = principal.FindFirstValue(KeyPrefixClaim);
        var sid = principal.FindFirstValue(SessionIdClaim);
        if (hash is null || prefix is null || sid is null || signedOut.Contains(sid)) return null;
        try
        {
            var tenantId = await accounts.AuthenticateHashAsync(hash, http.RequestAborted);
            if (tenantId != principal.FindFirstValue(TenantClaim)) return null;
            var signedIn = new SignedIn(tenantId, prefix);
            http.Items[SignedInKey] = signedIn;
            return signedIn;
        }
        catch (BatonException)
        {
            await http.SignOutAsync(Scheme); // the key was rotated: the session goes with it
            return null;
        }
    }

    public static SignedIn Current(HttpContext http) =>
        http.Items[SignedInKey] as SignedIn ?? throw new InvalidOperationException("The page was mapped without DashboardAuthFilter.");
}
