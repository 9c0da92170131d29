using System.Text.Json;
using Baton.Client;
using Baton.Contracts.Errors;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Baton.Mcp;

/// <summary>
/// Wraps every tool call: checks the arguments against the tool's own input schema before the SDK binds them (so a
/// wrong type is reported naming the argument, not as a binding failure), and turns every failure into a tool
/// error result carrying a code — the API's error code for Baton errors — so nothing becomes a transport error.
/// </summary>
internal static class ToolCallGuard
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(
        McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, ct) =>
        {
            try
            {
                if (context.MatchedPrimitive is McpServerTool tool &&
                    ArgumentSchema.FindError(tool.ProtocolTool.InputSchema, context.Params?.Arguments) is { } invalid)
                {
                    return ToolResults.Error(ErrorCodes.InvalidArgument, invalid.Message, argument: invalid.Argument);
                }

                return await next(context, ct);
            }
            catch (ToolArgumentException e)
            {
                return ToolResults.Error(ErrorCodes.InvalidArgument, e.Message, argument: e.Argument);
            }
            catch (BatonApiException e)
            {
                var message = e.Details.Count == 0
                    ? e.Message
                    : e.Message + " " + string.Join("; ", e.Details.Select(d => $"{d.Field}: {d.Message}"));
                return ToolResults.Error(e.Code, message, (int)e.Status);
            }
            catch (HttpRequestException e)
            {
                return ToolResults.Error(ErrorCodes.ServerUnreachable, $"The Baton server could not be reached: {e.Message}");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                return ToolResults.Error(ErrorCodes.ServerTimeout, "The Baton server did not answer in time.");
            }
            catch (ArgumentException e)
            {
                // The SDK's binder names a missing parameter this way; the schema check above normally answers first.
                return ToolResults.Error(ErrorCodes.InvalidArgument, e.Message, argument: e.ParamName);
            }
            catch (JsonException e)
            {
                return ToolResults.Error(ErrorCodes.InvalidArgument, "An argument has the wrong JSON type: " + e.Message);
            }
        };
}
