namespace Baton.Core;

// Verification, alerts and usage limits (issue 4).
public static partial class Errors
{
    public static BatonException InvalidState(string message) => new(ErrorKind.Conflict, "invalid_state", message);

    public static BatonException NoOutcome() =>
        new(ErrorKind.Conflict, "no_outcome", "The execution has no final outcome yet.");

    public static BatonException CueLimitExceeded(int limit) =>
        new(ErrorKind.Forbidden, "cue_limit_exceeded",
            $"The account already has {limit} active cues, the most this server allows; pause or delete one first.");
}
