using System.CommandLine;
using Baton.Cli;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Errors;

var invocation = new InvocationConfiguration
{
    // The web host handles SIGTERM/SIGINT itself and drains in-flight requests for its own shutdown timeout.
    // System.CommandLine's handler would cancel the action and give up after two seconds, cutting that short.
    ProcessTerminationTimeout = null,
};
var parse = BatonCommandLine.Create().Parse(args);

// A script that asked for JSON gets the envelope for bad arguments too, not System.CommandLine's text on stderr.
if (parse.Errors.Count > 0 && WantsJson(args))
{
    var envelope = CommandOutput.Envelope(ExitCodes.UserError, TimeSpan.Zero, []);
    envelope["error"] = new System.Text.Json.Nodes.JsonObject
    {
        ["code"] = ErrorCodes.InvalidArguments,
        ["message"] = string.Join(" ", parse.Errors.Select(e => e.Message)),
    };
    new CommandOutput(json: true, quiet: false, Console.Out, Console.Error).WriteJsonLine(envelope);
    return ExitCodes.UserError;
}

// People get each problem once and one suggestion for a mistyped word, not a suggestion per word and the whole help.
if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
{
    ParseErrorReport.Write(parse, Console.Error);
    return ExitCodes.UserError;
}

return await parse.InvokeAsync(invocation);

static bool WantsJson(string[] args) =>
    args.Contains("--json") || args.Contains("--format=json") ||
    args.Zip(args.Skip(1)).Any(pair => pair.First == "--format" && pair.Second == "json");
