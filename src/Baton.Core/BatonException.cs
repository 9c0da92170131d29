namespace Baton.Core;

/// <summary>
/// A domain error with its wire code (Baton.Contracts.Errors.ErrorCodes). Thrown by Core services and drivers; mapped to the error envelope
/// in one place by the server. Build them with <see cref="Errors"/> so each code has one message.
/// </summary>
public sealed class BatonException(ErrorKind kind, string code, string message) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;
    public string Code { get; } = code;
}
