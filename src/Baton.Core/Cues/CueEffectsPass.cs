namespace Baton.Core.Cues;

/// <summary>
/// What one pass of <see cref="CueEffects"/> did: events read, events whose effects it applied, and whether
/// committed events wait behind an older running transaction (PostgreSQL), so the loop should look again soon.
/// </summary>
public sealed record CueEffectsPass(int Read, int Applied, bool MoreBehindHorizon);
