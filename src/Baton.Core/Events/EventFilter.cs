namespace Baton.Core.Events;

public sealed record EventFilter
{
    public static readonly EventFilter All = new();

    public Guid? ExecutionId { get; init; }
    public string? RunId { get; init; }
    public string? CueId { get; init; }
    public string? Queue { get; init; }
    public IReadOnlyList<string> Types { get; init; } = [];
}
