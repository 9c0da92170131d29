namespace Baton.Server.Dashboard;

/// <summary>A page of a short list (runs, cues, alerts): its rows, how many there are, where it starts.</summary>
public sealed record ListModel<T>(IReadOnlyList<T> Items, long Total, int Offset, int PageSize)
{
    public bool HasNext => Offset + Items.Count < Total;
}
