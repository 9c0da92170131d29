using System.CommandLine;
using Baton.Cli.Output;
using Baton.Client;

namespace Baton.Cli.Invocation;

/// <summary>What a client command's body gets: its parse result, a client for the chosen server and key, and the output.</summary>
public sealed record ClientContext(
    ParseResult Parse,
    BatonClient Client,
    Uri Server,
    string? ApiKey,
    string ApiKeySource,
    CommandOutput Output);
