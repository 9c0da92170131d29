using System.Diagnostics;

namespace Baton.Core.Observability;

/// <summary>
/// A root span started beside the current activity (<see cref="TraceContext.StartRoot"/>). Ending it puts back
/// the activity that was current, which stopping a root activity would otherwise clear.
/// </summary>
public sealed class OwnTrace(Activity? activity) : IDisposable
{
    public Activity? Activity { get; } = activity;

    public void Dispose()
    {
        var outer = System.Diagnostics.Activity.Current;
        Activity?.Dispose();
        System.Diagnostics.Activity.Current = outer;
    }
}
