using Baton.Contracts.Errors;

namespace Baton.Server.Endpoints;

/// <summary>
/// Bodies are read by hand (see <c>JsonBody</c>), so the OpenAPI document learns request and response shapes from
/// these annotations rather than from handler signatures.
/// </summary>
internal static class OpenApiConventions
{
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.WithMetadata(new JsonRequestBody(typeof(TRequest)));

    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.Produces<ErrorEnvelope>(status, "application/json");
        return builder;
    }
}
