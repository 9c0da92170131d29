namespace Baton.Contracts.Errors;

/// <summary>One invalid field of a request, named by its JSON path (<c>executions[3].queue</c>) or query parameter.</summary>
public sealed record FieldError(string Field, string Message);
