namespace Baton.Core;

/// <summary>The family of a domain error; the server maps each to one HTTP status.</summary>
public enum ErrorKind
{
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Validation,
}
