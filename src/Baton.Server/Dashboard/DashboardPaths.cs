namespace Baton.Server.Dashboard;

/// <summary>The dashboard's stable URLs, so links can be shared and built in one place.</summary>
internal static class DashboardPaths
{
    public const string Root = "/ui";
    public const string SignIn = "/ui/sign-in";
    public const string SignOut = "/ui/sign-out";
    public const string Events = "/ui/events";
    public const string Executions = "/ui/executions";
    public const string Runs = "/ui/runs";
    public const string Cues = "/ui/cues";
    public const string Workers = "/ui/workers";
    public const string Alerts = "/ui/alerts";

    public static string Execution(Guid id) => $"{Executions}/{id:D}";

    public static string Run(string runId) => $"{Runs}/{Uri.EscapeDataString(runId)}";

    public static string Cue(string cueId) => $"{Cues}/{Uri.EscapeDataString(cueId)}";

    public static string Worker(string workerId) => $"{Workers}/{Uri.EscapeDataString(workerId)}";

    /// <summary>Only a path on this dashboard is a place to return to after sign-in (no open redirect).</summary>
    public static string SafeReturn(string? path) =>
        path is { Length: > 0 } p && p.StartsWith(Root, StringComparison.Ordinal) && !p.StartsWith("//", StringComparison.Ordinal)
            && !p.Contains('\\', StringComparison.Ordinal) ? p : Root;
}
