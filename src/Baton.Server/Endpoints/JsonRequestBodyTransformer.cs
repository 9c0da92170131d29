using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Baton.Server.Endpoints;

/// <summary>Describes the request body of every endpoint that carries <see cref="JsonRequestBody"/> metadata.</summary>
internal sealed class JsonRequestBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var body = context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonRequestBody>().FirstOrDefault();
        if (body is null) return;
        var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
        IOpenApiSchema bodySchema = schema;
        if (context.Document is { } document)
        {
            // Listed under components like the response types, so clients generated from the document get named types.
            document.AddComponent(body.Type.Name, schema);
            bodySchema = new OpenApiSchemaReference(body.Type.Name, document);
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            // Optional: an empty body is read as {}.
            Required = false,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = bodySchema } },
        };
    }
}
