using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Baton.Mcp;

/// <summary>Tool answers as JSON: the same object as text (what most models read) and as structured content.</summary>
internal static class ToolResults
{
    public static CallToolResult Ok(JsonObject body) => new()
    {
        Content = [new TextContentBlock { Text = body.ToJsonString() }],
        StructuredContent = JsonSerializer.SerializeToElement(body, ToolJson.Default.JsonObject),
    };

    /// <summary>
    /// A tool error: <c>isError</c> with the text <c>code: message</c> first, so a model sees the API's code (e.g.
    /// <c>claim_lost</c>) before anything else, and <c>{"error": {code, message, …}}</c> as structured content.
    /// </summary>
    public static CallToolResult Error(string code, string message, int? status = null, string? argument = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (status is not null) error["status"] = status;
        if (argument is not null) error["argument"] = argument;
        var body = new JsonObject { ["error"] = error };
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = $"{code}: {message}" }],
            StructuredContent = JsonSerializer.SerializeToElement(body, ToolJson.Default.JsonObject),
        };
    }
}
