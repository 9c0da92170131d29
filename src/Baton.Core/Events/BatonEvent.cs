namespace Baton.Core.Events;

/// <summary>
/// A stored event. <see cref="Cursor"/> is its opaque position in the tenant's stream: reading
/// <c>after</c> it returns exactly the events that follow, in order, even those whose transactions committed late.
/// </summary>
public sealed record BatonEvent(
    long Id,
    string Cursor,
    string TenantId,
    string Type,
    Guid? ExecutionId,
    string? RunId,
    string? CueId,
    string? Queue,
    string? Status,
    DateTimeOffset At,
    string? DataJson);
