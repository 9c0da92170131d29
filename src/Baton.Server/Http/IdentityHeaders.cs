using Baton.Contracts;

namespace Baton.Server.Http;

/// <summary>The claimer identity a request names in <c>X-Worker-Id</c> / <c>X-Claim-Token</c>; blank means not sent.</summary>
internal static class IdentityHeaders
{
    public static string? WorkerId(HttpRequest request) => NonBlank(request.Headers[WireHeaders.WorkerId].ToString());

    public static string? ClaimToken(HttpRequest request) => NonBlank(request.Headers[WireHeaders.ClaimToken].ToString());

    private static string? NonBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
