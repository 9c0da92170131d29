using Baton.Core.Storage;

namespace Baton.Server.Hosting;

/// <summary>
/// Applies the store's migrations before anything else starts. Registered as the first hosted service, so the
/// maintenance loop and the web server (which start after hosted services) always see a migrated database.
/// </summary>
internal sealed class StoreMigrationService(IBatonStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
