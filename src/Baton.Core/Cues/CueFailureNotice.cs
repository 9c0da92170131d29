using System.Text.Json.Nodes;

namespace Baton.Core.Cues;

/// <summary>
/// The signed <c>on_failure.webhook</c> POST: <c>{event: "cue.failed", cue_id, cue_name, attempts, last_error,
/// failed_at}</c>.
/// </summary>
public sealed record CueFailureNotice(string Url, JsonObject Body);
