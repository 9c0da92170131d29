using System.CommandLine;
using Baton.Cli;

var invocation = new InvocationConfiguration
{
    // The web host handles SIGTERM/SIGINT itself and drains in-flight requests for its own shutdown timeout.
    // System.CommandLine's handler would cancel the action and give up after two seconds, cutting that short.
    ProcessTerminationTimeout = null,
};
return await BatonCommandLine.Create().Parse(args).InvokeAsync(invocation);
