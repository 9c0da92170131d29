using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Baton.Cli.Output;
using Baton.Client;
using Baton.Contracts.Errors;

namespace Baton.Cli.Invocation;

/// <summary>
/// Runs the body of a client command and turns whatever happens into one output and one exit code: a result, a
/// server error (by status: 401 → 3, 5xx → 2, other 4xx → 1), an unreachable server (2), or a late argument
/// problem (1). Nothing reaches the user as a stack trace.
/// </summary>
public static class ClientCommandRunner
{
    public static void SetClientAction(
        this Command command, GlobalOptions globals, Func<ClientContext, CancellationToken, Task<CommandResult>> body)
    {
        command.SetAction((parse, ct) => RunAsync(parse, globals, body, ct));
    }

    private static async Task<int> RunAsync(
        ParseResult parse, GlobalOptions globals, Func<ClientContext, CancellationToken, Task<CommandResult>> body,
        CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var output = new CommandOutput(globals.WantsJson(parse), parse.GetValue(globals.Quiet),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        var server = globals.ServerUrl(parse);
        var (key, source) = globals.ResolveApiKey(parse, server);
        // Long polls (claim --wait, wait, runs show --wait) hold a request for up to 60 s; the server bounds them.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var context = new ClientContext(parse, new BatonClient(http, server, key), server, key, source, output);
        try
        {
            var result = await body(context, ct);
            output.WriteResult(result, stopwatch.Elapsed);
            return result.ExitCode;
        }
        catch (BatonApiException e)
        {
            var exitCode = ExitCodeFor(e.Status);
            var message = e.Code == ErrorCodes.StoreUnavailable
                ? "The server's database is unavailable; try again shortly (the server recovers by itself when it returns)."
                : e.Message;
            if (e.Details.Count > 0) message += " " + string.Join("; ", e.Details.Select(d => $"{d.Field}: {d.Message}"));
            if (exitCode == ExitCodes.AuthenticationFailed && key is null)
            {
                message += " No API key is configured: pass --api-key, set BATON_API_KEY, or run `baton login --api-key KEY`.";
            }

            output.WriteError(exitCode, e.Code, message, stopwatch.Elapsed);
            return exitCode;
        }
        catch (HttpRequestException e)
        {
            output.WriteError(ExitCodes.ServerUnavailable, ErrorCodes.ServerUnreachable,
                $"Could not reach the Baton server at {server}: {e.Message}", stopwatch.Elapsed);
            return ExitCodes.ServerUnavailable;
        }
        catch (CliUsageException e)
        {
            output.WriteError(ExitCodes.UserError, ErrorCodes.InvalidArguments, e.Message, stopwatch.Elapsed);
            return ExitCodes.UserError;
        }
    }

    private static int ExitCodeFor(HttpStatusCode status) => (int)status switch
    {
        401 => ExitCodes.AuthenticationFailed,
        >= 500 => ExitCodes.ServerUnavailable,
        _ => ExitCodes.UserError,
    };
}
