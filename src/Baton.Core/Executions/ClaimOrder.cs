namespace Baton.Core.Executions;

/// <summary>Claim order: priority high first, then when due, then creation.</summary>
public static class ClaimOrder
{
    /// <summary>
    /// Sorts rows a claim statement returned; <c>UPDATE … RETURNING</c> promises no order in either dialect.
    /// </summary>
    public static List<Execution> Sort(List<Execution> list)
    {
        list.Sort(static (a, b) =>
        {
            var c = b.Priority.CompareTo(a.Priority);
            if (c != 0) return c;
            c = a.AvailableAt.CompareTo(b.AvailableAt);
            return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
        });
        return list;
    }
}
