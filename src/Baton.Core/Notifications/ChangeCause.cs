namespace Baton.Core.Notifications;

/// <summary>What changed the executions of a <see cref="CommittedChanges.Changed"/> list.</summary>
public enum ChangeCause
{
    Other,
    Outcome,
    Release,
    Cancel,
    Verification,
}
