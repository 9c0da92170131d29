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
            ], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>The signed-in session, re-checked against the key store; null when there is none (or it ended).</summary>
    public static async Task<SignedIn?> AuthenticateAsync(HttpContext http, AccountService accounts)
    {
        if (http.Items[SignedInKey] is SignedIn known) return known;
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal is not { } principal) return null;
        var hash = principal.FindFirstValue(KeyHashClaim);
        var prefix = principal.FindFirstValue(KeyPrefixClaim);
        if (hash is null || prefix is null) return null;
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
            await SignOutAsync(http); // the key was rotated: the session goes with it
            return null;
        }
    }

    public static SignedIn Current(HttpContext http) =>
        http.Items[SignedInKey] as SignedIn ?? throw new InvalidOperationException("The page was mapped without DashboardAuthFilter.");
}
