using System.Globalization;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;

namespace Baton.Client;

public sealed partial class BatonClient
{
    /// <summary>
    /// <c>GET /v1/executions/{id}/messages</c>: the messages between agents that name the execution
    /// (<c>execution_id</c>), oldest first: the conversation beside the work.
    /// </summary>
    public Task<ExecutionMessagesResponse> ListExecutionMessagesAsync(Guid executionId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, "v1/executions/" + executionId.ToString("D", CultureInfo.InvariantCulture) + "/messages", null,
            BatonJson.Default.ExecutionMessagesResponse, null, ct);
}
