using Baton.Client;

namespace Baton.Chaos;

/// <summary>Reads every execution and every event through the API once the run has drained.</summary>
public static class FinalStateReader
{
    public static async Task<FinalState> ReadAsync(BatonClient client)
    {
        var executions = new List<FinalExecution>();
        for (var offset = 0; ; offset += 100)
        {
            var page = await client.ListExecutionsAsync(new ExecutionListQuery { Limit = 100, Offset = offset });
            executions.AddRange(page.Executions.Select(e => new FinalExecution(e.Id, e.Status, e.Outcome?.Result, e.CueId, e.ScheduledFor) { Task = e.Task, Attempts = e.Attempts }));
            if (!page.HasMore) break;
        }

        var events = new List<FinalEvent>();
        string? cursor = null;
        while (true)
        {
            var page = await client.ListEventsAsync(cursor, new EventQuery { Limit = 1000 });
            if (page.Events.Count == 0) break;
            events.AddRange(page.Events.Select(e => new FinalEvent(e.ExecutionId, e.Type)));
            cursor = page.NextCursor;
        }

        return new FinalState { Executions = executions, Events = events };
    }
}
