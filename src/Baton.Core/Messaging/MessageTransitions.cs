namespace Baton.Core.Messaging;

/// <summary>
/// The one place that decides a message's state change (both drivers use it): forward only, the same state again
/// is a no-op, and nothing leaves a terminal state.
/// </summary>
public static class MessageTransitions
{
    /// <summary>True when <paramref name="from"/> must change to <paramref name="to"/>; false when it already is there.</summary>
    public static bool Allowed(string from, string to)
    {
        if (from == to) return false;
        var allowed = to switch
        {
            DeliveryStates.Read => from is DeliveryStates.Queued or DeliveryStates.Delivered,
            DeliveryStates.Acked => from is DeliveryStates.Queued or DeliveryStates.Delivered or DeliveryStates.Read,
            _ => false,
        };
        return allowed ? true : throw Errors.InvalidStateTransition(from, to);
    }
}
