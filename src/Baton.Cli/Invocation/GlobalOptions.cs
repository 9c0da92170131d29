using System.CommandLine;
using System.CommandLine.Parsing;
using Baton.Client;

namespace Baton.Cli.Invocation;

/// <summary>
/// The options every client command takes: where the server is, which key to use, and how to print. A fresh set is
/// added to each command (not to the root) so that <c>serve --help</c> does not list options it ignores.
/// </summary>
public sealed class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:8420";

    private GlobalOptions(Command command)
    {
        Server = new Option<Uri>("--server")
        {
            Description = $"The Baton server to talk to. Env: BATON_URL. [default: {DefaultServer}]",
            HelpName = "url",
            CustomParser = ParseServer,
        };
        ApiKey = new Option<string?>("--api-key")
        {
            Description = "The API key to authenticate with. Env: BATON_API_KEY; else the key `baton login` or `baton register` saved for this server.",
            HelpName = "key",
        };
        Json = new Option<bool>("--json")
        {
            Description = "Print one JSON object (the envelope: schema_version, exit_code, duration_ms, timestamp, warnings, and the result or error) for scripts.",
        };
        Format = new Option<string>("--format")
        {
            Description = "Output format: text (tables and colour for people) or json (same as --json).",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
        };
        Format.AcceptOnlyFromAmong("text", "json");
        Quiet = new Option<bool>("--quiet", "-q")
        {
            Description = "Print only ids (enqueue, claim, replay) and nothing else in text mode; errors still go to standard error.",
        };
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Json);
        command.Options.Add(Format);
        command.Options.Add(Quiet);
    }

    public Option<Uri> Server { get; }

    public Option<string?> ApiKey { get; }

    public Option<bool> Json { get; }

    public Option<string> Format { get; }

    public Option<bool> Quiet { get; }

    public static GlobalOptions AddTo(Command command) => new(command);

    public bool WantsJson(ParseResult parse) => parse.GetValue(Json) || parse.GetValue(Format) == "json";

    public Uri ServerUrl(ParseResult parse) =>
        parse.GetResult(Server) is { Implicit: false } ? parse.GetRequiredValue(Server)
        : Environment.GetEnvironmentVariable("BATON_URL") is { Length: > 0 } fromEnvironment && TryParseServer(fromEnvironment, out var uri) ? uri
        : new Uri(DefaultServer);

    /// <summary>The key and where it came from (for <c>whoami</c>); null when none is configured.</summary>
    public (string? Key, string Source) ResolveApiKey(ParseResult parse, Uri server)
    {
        if (parse.GetValue(ApiKey) is { Length: > 0 } fromOption) return (fromOption, "--api-key");
        if (Environment.GetEnvironmentVariable("BATON_API_KEY") is { Length: > 0 } fromEnvironment) return (fromEnvironment, "BATON_API_KEY");
        if (CredentialStore.FindApiKey(server) is { Length: > 0 } saved) return (saved, CredentialStore.FilePath);
        return (null, "none");
    }

    private static Uri? ParseServer(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : DefaultServer;
        if (TryParseServer(text, out var uri)) return uri;
        result.AddError($"--server must be an http:// or https:// URL, not '{text}'.");
        return null;
    }

    /// <summary>An http(s) URL; a trailing <c>/v1</c> (the API base, as the worker config accepts it) names the same server.</summary>
    private static bool TryParseServer(string text, out Uri uri)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out uri!) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        uri = ServerAddress.Root(uri);
        return true;
    }
}
