using Microsoft.Extensions.DependencyInjection;

namespace Baton.Core.Storage;

/// <summary>What every driver's <c>AddBaton…</c> does: the store once, and each aggregate seam pointing at it.</summary>
public static class StoreRegistration
{
    /// <summary>
    /// Registers the store <paramref name="open"/> makes as the one <see cref="IBatonStore"/> singleton, and every
    /// aggregate interface as that same instance. The aggregates resolve <see cref="IBatonStore"/> rather than the
    /// driver class, so a test that wraps the <see cref="IBatonStore"/> registration wraps every consumer too.
    /// </summary>
    public static IServiceCollection AddBatonStore(this IServiceCollection services, Func<IServiceProvider, IBatonStore> open)
    {
        ArgumentNullException.ThrowIfNull(services);
        // A factory, so the container owns the store and disposes it at shutdown. The container disposes each
        // registration's instance, so a driver's DisposeAsync must be safe to call more than once.
        services.AddSingleton(open);
        services.AddSingleton<IExecutionStore>(Store);
        services.AddSingleton<IRunStore>(Store);
        services.AddSingleton<ICueStore>(Store);
        services.AddSingleton<IEventStore>(Store);
        services.AddSingleton<ITenantStore>(Store);
        services.AddSingleton<IWorkerStore>(Store);
        services.AddSingleton<IMaintenanceStore>(Store);
        services.AddSingleton<ILeadershipStore>(Store);
        services.AddSingleton<IAlertStore>(Store);
        services.AddSingleton<IAgentStore>(Store);
        services.AddSingleton<IMessageStore>(Store);
        services.AddSingleton<IAgentEventStore>(Store);
        services.AddSingleton<IBacklogStore>(Store);
        services.AddSingleton<Dashboard.IDashboardQueries>(Store);
        return services;
    }

    private static IBatonStore Store(IServiceProvider services) => services.GetRequiredService<IBatonStore>();
}
