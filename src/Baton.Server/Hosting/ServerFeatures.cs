namespace Baton.Server.Hosting;

/// <summary>Which optional parts of the server this process runs, for <c>/health</c>.</summary>
internal sealed record ServerFeatures(bool MaintenanceRunning);
