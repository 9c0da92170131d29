using Baton.Core.Events;
using Baton.Core.Storage;
using Baton.Storage.Conformance.Upgrades;
using Baton.Testing;
using Xunit;

namespace Baton.Storage.Postgres.Tests.Upgrades;

public sealed class PostgresUpgradeInPlaceTests(PostgresCluster cluster) : UpgradeInPlaceTests
{
    protected override async Task<IFrozenDatabase> CreateDatabaseAsync() => await PostgresFrozenDatabase.CreateAsync(cluster);

    [Fact]
    public async Task A_cursor_from_before_the_log_was_numbered_resumes_where_it_was()
    {
        var store = await UpgradeFromAsync(10);

        // Before 0011 a cursor was the (tx_id, id) of the last event read; the fixture's fifth event is (104, 6), its
        // id out of stream order. An SSE client may still hold such a cursor as its Last-Event-ID.
        var page = await store.ReadEventsAsync(
            new ReadEventsParams(UpgradeFixture.TenantId, "104-6", EventFilter.All), Ct);

        Assert.Equal(["6", "7", "8"], page.Events.Select(e => e.Cursor));
    }
}
