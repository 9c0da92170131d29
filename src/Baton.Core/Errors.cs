using Baton.Contracts.Errors;

namespace Baton.Core;

/// <summary>Every domain error Baton raises, by wire code.</summary>
public static partial class Errors
{
    public static BatonException ExecutionNotFound() =>
        new(ErrorKind.NotFound, ErrorCodes.ExecutionNotFound, "Execution not found.");

    public static BatonException WorkerNotFound() =>
        new(ErrorKind.NotFound, ErrorCodes.WorkerNotFound, "Worker not found.");

    public static BatonException ClaimFailed() =>
        new(ErrorKind.Conflict, ErrorCodes.ClaimFailed, "Nothing claimable matched the request.");

    public static BatonException NotOwner() =>
        new(ErrorKind.Forbidden, ErrorCodes.NotExecutionOwner,
            "The execution is claimed by another worker, or the request did not name its worker (X-Worker-Id).");

    public static BatonException ClaimLost() =>
        new(ErrorKind.Conflict, ErrorCodes.ClaimLost,
            "The claim token does not match the execution's current claim: the token is wrong, or the lease expired " +
            "or the execution was claimed again since it was issued.");

    public static BatonException NotClaiming() =>
        new(ErrorKind.Conflict, ErrorCodes.ExecutionNotClaiming, "The execution is not currently claimed.");

    public static BatonException Cancelled() =>
        new(ErrorKind.Conflict, ErrorCodes.ExecutionCancelled, "The execution was cancelled; stop working on it.");

    public static BatonException OutcomeAlreadyRecorded() =>
        new(ErrorKind.Conflict, ErrorCodes.OutcomeAlreadyRecorded, "A final outcome is already recorded for this execution.");

    public static BatonException Terminal() =>
        new(ErrorKind.Conflict, ErrorCodes.ExecutionTerminal, "The execution is already finished.");

    public static BatonException InFlight() =>
        new(ErrorKind.Conflict, ErrorCodes.ExecutionInFlight, "Only a finished execution can be replayed.");

    public static BatonException IdempotencyKeyConflict(string key) =>
        new(ErrorKind.Conflict, ErrorCodes.IdempotencyKeyConflict,
            $"Idempotency key '{key}' was already used with a different request body.");

    public static BatonException InvalidCursor() =>
        new(ErrorKind.BadRequest, ErrorCodes.InvalidCursor, "The cursor is not one this server handed out.");

    public static BatonException DuplicateEmail() =>
        new(ErrorKind.Conflict, ErrorCodes.DuplicateEmail, "An account with this email already exists.");

    public static BatonException RegistrationDisabled() =>
        new(ErrorKind.NotFound, ErrorCodes.NotFound, "Registration is disabled on this server.");

    public static BatonException InvalidApiKey() =>
        new(ErrorKind.Unauthorized, ErrorCodes.InvalidApiKey, "Missing or unknown API key.");

    public static BatonException KeyRotated() =>
        new(ErrorKind.Unauthorized, ErrorCodes.KeyRotated, "This API key was replaced by a regenerated key.");

    public static BatonException ConfirmationRequired() =>
        new(ErrorKind.BadRequest, ErrorCodes.ConfirmationRequired,
            "This operation is destructive; send the header X-Confirm-Destructive: true.");

    public static BatonException CueNotFound() =>
        new(ErrorKind.NotFound, ErrorCodes.CueNotFound, "Cue not found.");

    public static BatonException DuplicateCueName(string name) =>
        new(ErrorKind.Conflict, ErrorCodes.DuplicateCueName, $"A cue named '{name}' already exists.");

    public static BatonException PayloadOverrideRequired() =>
        new(ErrorKind.BadRequest, ErrorCodes.PayloadOverrideRequired, "This cue must be fired with a payload_override.");

    public static BatonException MissingPayloadKeys(IEnumerable<string> keys) =>
        new(ErrorKind.BadRequest, ErrorCodes.MissingPayloadKeys,
            "The fired payload lacks required keys: " + string.Join(", ", keys) + ".");
}
