namespace Baton.Core.Storage;

/// <summary>
/// The storage seam (docs/architecture.md), in domain words, split by aggregate: a service depends on the narrowest of
/// <see cref="IExecutionStore"/>, <see cref="ICueStore"/>, <see cref="IEventStore"/>, <see cref="ITenantStore"/>,
/// <see cref="IWorkerStore"/>, <see cref="IRunStore"/>, <see cref="IMaintenanceStore"/>,
/// <see cref="ILeadershipStore"/>, <see cref="IAlertStore"/> and <see cref="IBacklogStore"/> it needs (and the
/// dashboard's read side, <see cref="Dashboard.IDashboardQueries"/>); a driver implements them all in one class
/// and registers itself under each (<c>AddBatonSqlite</c>, <c>AddBatonPostgres</c>). Every method that returns
/// normally has committed. Drivers: Baton.Storage.Sqlite, Baton.Storage.Postgres; both pass
/// Baton.Storage.Conformance.
/// </summary>
public interface IBatonStore :
    IExecutionStore, IRunStore, ICueStore, IEventStore, ITenantStore, IWorkerStore, IMaintenanceStore,
    ILeadershipStore, IAlertStore, IAgentStore, IMessageStore, IAgentEventStore, IBacklogStore, Dashboard.IDashboardQueries,
    IAsyncDisposable
{
    StoreCapabilities Capabilities { get; }

    /// <summary>Applies pending numbered migrations. Safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>A cheap round trip, for <c>/status</c>.</summary>
    Task PingAsync(CancellationToken ct);
}
