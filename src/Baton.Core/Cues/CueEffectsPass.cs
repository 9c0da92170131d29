namespace Baton.Core.Cues;

/// <summary>What one pass of <see cref="CueEffects"/> did: events read, and events whose effects it applied.</summary>
public sealed record CueEffectsPass(int Read, int Applied);
