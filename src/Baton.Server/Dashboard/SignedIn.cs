namespace Baton.Server.Dashboard;

/// <summary>A dashboard session: the tenant it sees, and the display prefix of the key it signed in with.</summary>
internal sealed record SignedIn(string TenantId, string KeyPrefix);
