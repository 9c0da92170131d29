using Baton.Core.Dashboard;
using Microsoft.AspNetCore.DataProtection;

namespace Baton.Server.Dashboard;

/// <summary>The dashboard's services: cookie sessions, antiforgery, data protection, the query service, the pages.</summary>
public static class DashboardServices
{
    /// <summary>
    /// Adds the dashboard. Session cookies and anti-forgery tokens are protected with keys kept in
    /// <paramref name="keyDirectory"/>, so sessions survive a restart; nodes sharing a PostgreSQL database behind
    /// one address need the same directory (or the same keys) to accept each other's cookies.
    /// </summary>
    public static IServiceCollection AddBatonDashboard(this IServiceCollection services, string keyDirectory)
    {
        services.AddRazorComponents();
        // The key ring sits in the data directory beside the database it protects access to, with the same file
        // permissions; the "no XML encryptor" warning would print on every first start and says nothing more.
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        services.AddDataProtection()
            .SetApplicationName("Baton")
            .PersistKeysToFileSystem(new DirectoryInfo(keyDirectory));
        services.AddAuthentication().AddCookie(DashboardSession.Scheme, DashboardSession.Configure);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "baton_antiforgery";
            o.Cookie.Path = DashboardPaths.Root;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__antiforgery";
        });
        services.AddSingleton<DashboardReader>();
        services.AddSingleton<DashboardView>();
        services.AddSingleton<SignedOutSessions>();
        services.AddDashboardPage(new DashboardNavItem("Overview", DashboardPaths.Root, 0));
        services.AddDashboardPage(new DashboardNavItem("Executions", DashboardPaths.Executions, 10));
        services.AddDashboardPage(new DashboardNavItem("Runs", DashboardPaths.Runs, 20));
        services.AddDashboardPage(new DashboardNavItem("Cues", DashboardPaths.Cues, 30));
        services.AddDashboardPage(new DashboardNavItem("Workers", DashboardPaths.Workers, 40));
        services.AddDashboardPage(new DashboardNavItem("Alerts", DashboardPaths.Alerts, 50));
        return services;
    }

    /// <summary>The seam for later pages: a navigation entry; map the page itself with <see cref="DashboardEndpoints.Pages"/>.</summary>
    public static IServiceCollection AddDashboardPage(this IServiceCollection services, DashboardNavItem item) =>
        services.AddSingleton(item);
}
