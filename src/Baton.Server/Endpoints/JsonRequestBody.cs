namespace Baton.Server.Endpoints;

/// <summary>
/// Endpoint metadata naming the JSON type a handler reads by hand. Unlike <c>Accepts&lt;T&gt;()</c> it is invisible
/// to routing, which would otherwise answer 415 to a JSON body sent without <c>Content-Type: application/json</c>
/// (curl's default, and some CueAPI clients'); <see cref="JsonRequestBodyTransformer"/> puts it in the OpenAPI document.
/// </summary>
internal sealed record JsonRequestBody(Type Type);
