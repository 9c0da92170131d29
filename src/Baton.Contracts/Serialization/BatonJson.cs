using System.Text.Json;
using System.Text.Json.Serialization;
using Baton.Contracts.Auth;
using Baton.Contracts.Cues;
using Baton.Contracts.Errors;
using Baton.Contracts.Events;
using Baton.Contracts.Executions;
using Baton.Contracts.Messaging;
using Baton.Contracts.Runs;
using Baton.Contracts.Service;
using Baton.Contracts.Workers;

namespace Baton.Contracts.Serialization;

/// <summary>
/// Source-generated (reflection-free) JSON metadata for every wire type, in snake_case, with times written as
/// ISO-8601 UTC. Server and client both serialize through it, so they cannot disagree on a field name.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(UtcDateTimeOffsetConverter)])]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(RegenerateKeyResponse))]
[JsonSerializable(typeof(WebhookSecretResponse))]
[JsonSerializable(typeof(EnqueueExecutionRequest))]
[JsonSerializable(typeof(EnqueueBatchRequest))]
[JsonSerializable(typeof(ExecutionBatchResponse))]
[JsonSerializable(typeof(ExecutionResponse))]
[JsonSerializable(typeof(ExecutionListResponse))]
[JsonSerializable(typeof(ClaimableListResponse))]
[JsonSerializable(typeof(ClaimExecutionsRequest))]
[JsonSerializable(typeof(ClaimByIdRequest))]
[JsonSerializable(typeof(ClaimResponse))]
[JsonSerializable(typeof(ExecutionHeartbeatRequest))]
[JsonSerializable(typeof(ExecutionHeartbeatResponse))]
[JsonSerializable(typeof(RecordOutcomeRequest))]
[JsonSerializable(typeof(OutcomeRecordedResponse))]
[JsonSerializable(typeof(RecordOutcomesRequest))]
[JsonSerializable(typeof(RecordOutcomesResponse))]
[JsonSerializable(typeof(CancelExecutionRequest))]
[JsonSerializable(typeof(WorkerHeartbeatRequest))]
[JsonSerializable(typeof(WorkerHeartbeatResponse))]
[JsonSerializable(typeof(WorkerListResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(InfoResponse))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(RunListResponse))]
[JsonSerializable(typeof(EventResponse))]
[JsonSerializable(typeof(EventListResponse))]
[JsonSerializable(typeof(CueRequest))]
[JsonSerializable(typeof(CueResponse))]
[JsonSerializable(typeof(CueListResponse))]
[JsonSerializable(typeof(FireCueRequest))]
[JsonSerializable(typeof(FireCueResponse))]
[JsonSerializable(typeof(VerifyExecutionRequest))]
[JsonSerializable(typeof(VerifyExecutionResponse))]
[JsonSerializable(typeof(VerificationPendingResponse))]
[JsonSerializable(typeof(UpdateEvidenceRequest))]
[JsonSerializable(typeof(EvidenceUpdatedResponse))]
[JsonSerializable(typeof(AlertListResponse))]
[JsonSerializable(typeof(UsageResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(AgentRequest))]
[JsonSerializable(typeof(AgentResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(RosterResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(MessageListResponse))]
[JsonSerializable(typeof(MessageCountResponse))]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(SubscriptionResponse))]
[JsonSerializable(typeof(SubscriptionListResponse))]
[JsonSerializable(typeof(AckSubscriptionRequest))]
[JsonSerializable(typeof(AgentEventListResponse))]
[JsonSerializable(typeof(ExecutionMessagesResponse))]
public sealed partial class BatonJson : JsonSerializerContext;
