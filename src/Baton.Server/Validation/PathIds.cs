using Baton.Core;

namespace Baton.Server.Validation;

/// <summary>
/// Route ids are taken as text and checked here. A malformed execution id answers 404 <c>execution_not_found</c>,
/// not 422: to the caller it is simply an execution that does not exist, exactly like another tenant's id.
/// </summary>
internal static class PathIds
{
    public static Guid ExecutionId(string id) =>
        Guid.TryParse(id, out var guid) ? guid : throw Errors.ExecutionNotFound();

    public static string WorkerId(string id) =>
        id.Length is > 0 and <= Limits.NameLength ? id : throw Errors.WorkerNotFound();
}
