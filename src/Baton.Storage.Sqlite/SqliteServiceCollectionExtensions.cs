using Baton.Core.Notifications;
using Baton.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// The embedded store in <see cref="SqliteStoreOptions.DatabasePath"/>, under <see cref="IBatonStore"/> and each
    /// aggregate interface, with the in-process notifier: one process owns the file, so wake-ups never need to
    /// leave it.
    /// </summary>
    public static IServiceCollection AddBatonSqlite(this IServiceCollection services, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddBatonStore(sp => SqliteStore.Open(options, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<INotifier, InProcessNotifier>();
        return services;
    }
}
