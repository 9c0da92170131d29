namespace Baton.Server.Dashboard;

/// <summary>
/// What every dashboard page shows around its content: the navigation, who is signed in, the anti-forgery token
/// its forms carry, the event stream it follows (null: not live) and a notice or an inline error.
/// </summary>
public sealed record Chrome
{
    public required string Title { get; init; }
    public required string ActivePath { get; init; }
    public IReadOnlyList<DashboardNavItem> Nav { get; init; } = [];
    public string? KeyPrefix { get; init; }
    public string? AntiforgeryFieldName { get; init; }
    public string? AntiforgeryToken { get; init; }
    public string? EventsUrl { get; init; }
    public string? Notice { get; init; }
    public string? Error { get; init; }
    public string AssetVersion { get; init; } = "";
}
