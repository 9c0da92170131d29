namespace Baton.Core.Cues;

/// <summary>What happens when an execution of the cue finally fails: <c>on_failure {email, webhook, pause}</c>.</summary>
public sealed record CueOnFailure(bool Email = true, string? Webhook = null, bool Pause = false);
