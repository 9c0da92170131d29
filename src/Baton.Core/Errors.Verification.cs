using Baton.Contracts.Errors;

namespace Baton.Core;

// Verification, alerts and usage limits (issue 4).
public static partial class Errors
{
    public static BatonException InvalidState(string message) => new(ErrorKind.Conflict, ErrorCodes.InvalidState, message);

    public static BatonException NoOutcome() =>
        new(ErrorKind.Conflict, ErrorCodes.NoOutcome, "The execution has no final outcome yet.");

    public static BatonException CueLimitExceeded(int limit) =>
        new(ErrorKind.Forbidden, ErrorCodes.CueLimitExceeded,
            $"The account already has {limit} active cues, the most this server allows; pause or delete one first.");
}
