namespace Baton.Server.Dashboard;

/// <summary>
/// A keyset page of a short list (runs, cues, alerts): its rows, how many there are in all, the query string of
/// the next page (null: this is the last), and whether this page is past the first.
/// </summary>
public sealed record ListModel<T>(IReadOnlyList<T> Items, long Total, string? NextQuery, bool PastFirstPage);
