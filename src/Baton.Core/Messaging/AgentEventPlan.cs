using System.Text;
using System.Text.Json;

namespace Baton.Core.Messaging;

/// <summary>
/// Which events messages entering an inbox make, decided once for both drivers: the driver finds the arriving
/// messages, the agent's subscribed types and whether the inbox already held unread messages, under the agent's
/// lock, and writes what this returns.
/// </summary>
public static class AgentEventPlan
{
    /// <summary>
    /// The events for <paramref name="arriving"/> (in arrival order): only of the types in
    /// <paramref name="subscribed"/>; no digest when <paramref name="inboxHadUnread"/>; ids following
    /// <paramref name="lastEventId"/> without gaps.
    /// </summary>
    public static IReadOnlyList<AgentEvent> For(
        string tenantId, string agentId, IReadOnlyList<Message> arriving, IReadOnlyCollection<string> subscribed,
        bool inboxHadUnread, long lastEventId, DateTimeOffset now)
    {
        var events = new List<AgentEvent>();
        if (arriving.Count == 0) return events;
        AgentEvent Event(string type, string? messageId, string data) => new()
        {
            Id = lastEventId + events.Count + 1,
            TenantId = tenantId,
            AgentId = agentId,
            EventType = type,
            MessageId = messageId,
            DataJson = data,
            CreatedAt = now,
        };

        if (subscribed.Contains(AgentEventTypes.Delivered))
        {
            foreach (var m in arriving) events.Add(Event(AgentEventTypes.Delivered, m.Id, DeliveredData(m)));
        }

        if (subscribed.Contains(AgentEventTypes.Digest) && !inboxHadUnread)
        {
            events.Add(Event(AgentEventTypes.Digest, null, DigestData(arriving)));
        }

        return events;
    }

    private static string DeliveredData(Message m) => Json(w =>
    {
        w.WriteString("message_id", m.Id);
        w.WriteString("from_agent_id", m.FromAgentId);
        w.WriteString("thread_id", m.ThreadId);
        w.WriteString("subject", m.Subject);
        w.WriteString("preview", m.Preview);
        w.WriteNumber("priority", m.Priority);
        w.WriteBoolean("expects_reply", m.ExpectsReply);
        if (m.ExecutionId is { } execution) w.WriteString("execution_id", execution.ToString("D"));
    });

    private static string DigestData(IReadOnlyList<Message> arriving) => Json(w =>
    {
        w.WriteNumber("count", arriving.Count);
        w.WriteStartArray("message_ids");
        foreach (var m in arriving) w.WriteStringValue(m.Id);
        w.WriteEndArray();
        w.WriteStartArray("from_agent_ids");
        foreach (var from in arriving.Select(m => m.FromAgentId).Distinct(StringComparer.Ordinal)) w.WriteStringValue(from);
        w.WriteEndArray();
    });

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
