namespace Baton.Contracts.Messaging;

/// <summary><c>GET /v1/executions/{id}/messages</c>: the messages that name the execution, oldest first.</summary>
public sealed record ExecutionMessagesResponse
{
    public required IReadOnlyList<MessageResponse> Messages { get; init; }
}
