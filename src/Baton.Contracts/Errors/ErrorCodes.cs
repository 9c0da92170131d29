namespace Baton.Contracts.Errors;

/// <summary>
/// Every error code Baton puts in <see cref="ErrorBody.Code"/> (and the CLI and MCP tools in their own envelopes),
/// defined once so the server that raises a code and the client, worker or tool that reacts to it cannot drift apart.
/// </summary>
public static class ErrorCodes
{
    // Request shape, found at the HTTP edge.
    public const string ValidationError = "validation_error";
    public const string InvalidJson = "invalid_json";
    public const string BadRequest = "bad_request";
    public const string RequestTooLarge = "request_too_large";
    public const string MetadataTooLarge = "metadata_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string NotFound = "not_found";
    public const string InternalError = "internal_error";

    /// <summary>503 with Retry-After: the server's database is unreachable, restarting, locked or full; retry.</summary>
    public const string StoreUnavailable = "store_unavailable";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string MetricsForbidden = "metrics_forbidden";
    public const string InvalidCursor = "invalid_cursor";
    public const string ConfirmationRequired = "confirmation_required";
    public const string IdempotencyKeyConflict = "idempotency_key_conflict";

    // Accounts and keys.
    public const string InvalidApiKey = "invalid_api_key";
    public const string KeyRotated = "key_rotated";
    public const string DuplicateEmail = "duplicate_email";

    // Executions, claims and outcomes.
    public const string ExecutionNotFound = "execution_not_found";
    public const string WorkerNotFound = "worker_not_found";
    public const string ClaimFailed = "claim_failed";
    public const string ClaimLost = "claim_lost";
    public const string NotExecutionOwner = "not_execution_owner";
    public const string ExecutionNotClaiming = "execution_not_claiming";
    public const string ExecutionCancelled = "execution_cancelled";
    public const string ExecutionTerminal = "execution_terminal";
    public const string ExecutionInFlight = "execution_in_flight";
    public const string OutcomeAlreadyRecorded = "outcome_already_recorded";
    public const string NoOutcome = "no_outcome";
    public const string InvalidState = "invalid_state";

    // Cues.
    public const string CueNotFound = "cue_not_found";
    public const string DuplicateCueName = "duplicate_cue_name";
    public const string CueLimitExceeded = "cue_limit_exceeded";
    public const string PayloadOverrideRequired = "payload_override_required";
    public const string MissingPayloadKeys = "missing_payload_keys";
    public const string InvalidSchedule = "invalid_schedule";
    public const string InvalidTimezone = "invalid_timezone";
    public const string InvalidCallbackUrl = "invalid_callback_url";
    public const string InvalidPayload = "invalid_payload";
    public const string InvalidPayloadSize = "invalid_payload_size";

    // Agents and messages.
    public const string AgentNotFound = "agent_not_found";
    public const string AgentSlugTaken = "agent_slug_taken";
    public const string MessageNotFound = "message_not_found";
    public const string FromAgentRequired = "from_agent_required";
    public const string InvalidStateTransition = "invalid_state_transition";
    public const string WebhookSecretNotFound = "webhook_secret_not_found";
    public const string InvalidWebhookUrl = "invalid_webhook_url";
    public const string SubscriptionNotFound = "subscription_not_found";
    public const string SubscriptionExists = "subscription_exists";
    public const string AckWatermarkAhead = "ack_watermark_ahead";
    public const string WebhookUrlRequired = "webhook_url_required";
    public const string InvalidExecutionId = "invalid_execution_id";

    // Raised on the caller's side: the .NET client, the CLI and the MCP tools.
    public const string ServerUnreachable = "server_unreachable";
    public const string ServerTimeout = "server_timeout";
    public const string InvalidResponse = "invalid_response";
    public const string Unknown = "unknown";
    public const string InvalidArguments = "invalid_arguments";
    public const string InvalidArgument = "invalid_argument";
}
