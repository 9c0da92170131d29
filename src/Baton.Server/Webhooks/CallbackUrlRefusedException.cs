namespace Baton.Server.Webhooks;

/// <summary>A callback URL the SSRF rules refuse; the message is the reason, for the user.</summary>
internal class CallbackUrlRefusedException(string reason) : Exception(reason);
