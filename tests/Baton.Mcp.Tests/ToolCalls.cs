using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Baton.Mcp.Tests;

/// <summary>Calls a tool and reads its JSON answer, the way a model would see it (the text block).</summary>
internal static class ToolCalls
{
    public static async Task<JsonElement> CallOkAsync(
        this McpClient client, string tool, Dictionary<string, object?> arguments,
        IProgress<ProgressNotificationValue>? progress = null)
    {
        var result = await client.CallToolAsync(tool, arguments, progress, cancellationToken: TestContext.Current.CancellationToken);
        var text = Text(result);
        Assert.False(result.IsError is true, $"{tool} failed: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Calls a tool that must fail; returns the error's code and message.</summary>
    public static async Task<(string Code, string Message)> CallFailingAsync(
        this McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
        var text = Text(result);
        Assert.True(result.IsError is true, $"{tool} should have failed but answered: {text}");
        var error = result.StructuredContent!.Value.GetProperty("error");
        Assert.StartsWith(error.GetProperty("code").GetString() + ": ", text, StringComparison.Ordinal);
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static string Text(CallToolResult result) =>
        Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
