namespace Baton.Server.Http;

/// <summary>The authenticated tenant of a request, as <see cref="TenantAuthFilter"/> recorded it.</summary>
internal static class TenantContext
{
    private static readonly object Key = new();

    public static void SetTenantId(this HttpContext http, string tenantId) => http.Items[Key] = tenantId;

    public static string TenantId(this HttpContext http) =>
        http.Items[Key] as string ?? throw new InvalidOperationException("The endpoint was mapped without TenantAuthFilter.");
}
