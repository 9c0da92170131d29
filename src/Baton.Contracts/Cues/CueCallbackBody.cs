namespace Baton.Contracts.Cues;

/// <summary>Where a webhook cue delivers.</summary>
public sealed record CueCallbackBody
{
    /// <summary>An https URL that does not resolve to a private address.</summary>
    public string? Url { get; init; }

    /// <summary><c>POST</c> (default), <c>GET</c>, <c>PUT</c> or <c>PATCH</c>.</summary>
    public string? Method { get; init; }

    /// <summary>Extra request headers; they can never replace the signature headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
