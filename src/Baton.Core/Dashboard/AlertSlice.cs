using Baton.Core.Alerts;

namespace Baton.Core.Dashboard;

/// <summary>One keyset page of alerts (newest first), the tenant's alert count, and the sequence the next page is before.</summary>
public sealed record AlertSlice(IReadOnlyList<Alert> Items, long Total, long? NextBeforeSequence);
