namespace Baton.Core.Cues;

/// <summary>Where a webhook cue delivers: <c>callback {url, method, headers}</c>.</summary>
public sealed record CueCallback(string Url, string Method, IReadOnlyDictionary<string, string> Headers);
