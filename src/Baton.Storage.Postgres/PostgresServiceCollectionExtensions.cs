using Baton.Core;
using Baton.Core.Notifications;
using Baton.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Storage.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// The shared PostgreSQL store, under <see cref="IBatonStore"/> and each aggregate interface, with the
    /// LISTEN/NOTIFY notifier: wake-ups must reach parked requests on every node sharing the database.
    /// </summary>
    public static IServiceCollection AddBatonPostgres(this IServiceCollection services, PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddBatonStore(sp => PostgresStore.Open(options, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<INotifier>(sp => new PostgresNotifier(
            options, sp.GetRequiredService<BatonOptions>().NodeId, sp.GetRequiredService<ILogger<PostgresNotifier>>()));
        return services;
    }
}
