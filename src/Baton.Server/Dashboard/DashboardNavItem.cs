namespace Baton.Server.Dashboard;

/// <summary>
/// One entry of the dashboard's navigation. The seam for pages later features add (agents, messages, queues):
/// register another item with <see cref="DashboardServices.AddDashboardPage"/> and map its route in the
/// dashboard group; the layout lists every registered item in <see cref="Order"/>.
/// </summary>
public sealed record DashboardNavItem(string Title, string Path, int Order);
