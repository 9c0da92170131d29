namespace Baton.Server.Webhooks;

/// <summary>
/// The callback host has no address right now. A delivery refuses it; saving a cue only warns, because air-gapped and
/// split-DNS hosts exist that the server resolves later or differently, and every delivery checks its addresses anyway.
/// </summary>
internal sealed class CallbackHostUnresolvedException(string host) : CallbackUrlRefusedException($"'{host}' could not be resolved")
{
    public string Host { get; } = host;
}
