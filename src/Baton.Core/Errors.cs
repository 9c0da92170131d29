namespace Baton.Core;

/// <summary>Every domain error Baton raises, by wire code.</summary>
public static partial class Errors
{
    public static BatonException ExecutionNotFound() =>
        new(ErrorKind.NotFound, "execution_not_found", "Execution not found.");

    public static BatonException WorkerNotFound() =>
        new(ErrorKind.NotFound, "worker_not_found", "Worker not found.");

    public static BatonException ClaimFailed() =>
        new(ErrorKind.Conflict, "claim_failed", "Nothing claimable matched the request.");

    public static BatonException NotOwner() =>
        new(ErrorKind.Forbidden, "not_execution_owner",
            "The execution is claimed by another worker, or the request did not name its worker (X-Worker-Id).");

    public static BatonException ClaimLost() =>
        new(ErrorKind.Conflict, "claim_lost",
            "This claim is no longer current: the lease expired or the execution was claimed again.");

    public static BatonException NotClaiming() =>
        new(ErrorKind.Conflict, "execution_not_claiming", "The execution is not currently claimed.");

    public static BatonException Cancelled() =>
        new(ErrorKind.Conflict, "execution_cancelled", "The execution was cancelled; stop working on it.");

    public static BatonException OutcomeAlreadyRecorded() =>
        new(ErrorKind.Conflict, "outcome_already_recorded", "A final outcome is already recorded for this execution.");

    public static BatonException Terminal() =>
        new(ErrorKind.Conflict, "execution_terminal", "The execution is already finished.");

    public static BatonException InFlight() =>
        new(ErrorKind.Conflict, "execution_in_flight", "Only a finished execution can be replayed.");

    public static BatonException IdempotencyKeyConflict(string key) =>
        new(ErrorKind.Conflict, "idempotency_key_conflict",
            $"Idempotency key '{key}' was already used with a different request body.");

    public static BatonException InvalidCursor() =>
        new(ErrorKind.BadRequest, "invalid_cursor", "The cursor is not one this server handed out.");

    public static BatonException DuplicateEmail() =>
        new(ErrorKind.Conflict, "duplicate_email", "An account with this email already exists.");

    public static BatonException RegistrationDisabled() =>
        new(ErrorKind.NotFound, "not_found", "Registration is disabled on this server.");

    public static BatonException InvalidApiKey() =>
        new(ErrorKind.Unauthorized, "invalid_api_key", "Missing or unknown API key.");

    public static BatonException KeyRotated() =>
        new(ErrorKind.Unauthorized, "key_rotated", "This API key was replaced by a regenerated key.");

    public static BatonException ConfirmationRequired() =>
        new(ErrorKind.BadRequest, "confirmation_required",
            "This operation is destructive; send the header X-Confirm-Destructive: true.");

    public static BatonException CueNotFound() =>
        new(ErrorKind.NotFound, "cue_not_found", "Cue not found.");

    public static BatonException DuplicateCueName(string name) =>
        new(ErrorKind.Conflict, "duplicate_cue_name", $"A cue named '{name}' already exists.");

    public static BatonException PayloadOverrideRequired() =>
        new(ErrorKind.BadRequest, "payload_override_required", "This cue must be fired with a payload_override.");

    public static BatonException MissingPayloadKeys(IEnumerable<string> keys) =>
        new(ErrorKind.BadRequest, "missing_payload_keys",
            "The fired payload lacks required keys: " + string.Join(", ", keys) + ".");
}
