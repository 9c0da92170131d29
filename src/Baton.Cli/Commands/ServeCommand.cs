using System.CommandLine;
using System.CommandLine.Parsing;
using Baton.Cli.Hosting;
using Baton.Server;

namespace Baton.Cli.Commands;

/// <summary><c>baton serve</c>: runs the HTTP server on the embedded SQLite store until SIGTERM or Ctrl-C.</summary>
public static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8420";
    public const string DefaultDataDirectory = "./baton-data";

    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "The address to listen on, http://host:port (port 0 picks a free one; put TLS in a reverse proxy). Env: BATON_URL.",
            HelpName = "url",
            DefaultValueFactory = _ => FromEnvironment("BATON_URL") ?? DefaultUrl,
        };
        url.Validators.Add(ValidateUrl);

        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "Where the SQLite database (baton.db) lives; created if missing. Env: BATON_DATA_DIR.",
            HelpName = "path",
            DefaultValueFactory = _ => FromEnvironment("BATON_DATA_DIR") ?? DefaultDataDirectory,
        };

        var noRegister = new Option<bool>("--no-register")
        {
            Description = "Close POST /v1/auth/register. The first start still creates one tenant and prints its key.",
        };

        var strictOwnership = new Option<bool>("--strict-ownership")
        {
            Description = "Outcome, release and cancel must name the claiming worker (X-Worker-Id or X-Claim-Token).",
        };

        var rateLimit = new Option<int>("--rate-limit")
        {
            Description = "Requests per minute allowed for each API key; over it the server answers 429.",
            HelpName = "per-minute",
            DefaultValueFactory = _ => new BatonServerSettings().RateLimitPerMinute,
        };
        rateLimit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--rate-limit must be at least 1 request per minute.");
        });

        var command = new Command("serve", """
            Run the Baton server with an embedded SQLite database. Prints one ready line with the URL; on the first
            start of a new database it creates a tenant and prints its API key once. Stops gracefully on SIGTERM or
            Ctrl-C: in-flight requests finish and waiting claims return.
            """)
        {
            url, dataDirectory, noRegister, strictOwnership, rateLimit,
        };

        command.SetAction((parse, ct) =>
        {
            var settings = new BatonServerSettings
            {
                Url = parse.GetRequiredValue(url),
                DataDirectory = parse.GetRequiredValue(dataDirectory),
                RegistrationEnabled = !parse.GetValue(noRegister),
                StrictOwnership = parse.GetValue(strictOwnership),
                RateLimitPerMinute = parse.GetValue(rateLimit),
            };
            return ServeRunner.RunAsync(settings, parse.InvocationConfiguration.Output,
                parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    private static string? FromEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static void ValidateUrl(OptionResult result)
    {
        var value = result.GetValueOrDefault<string>();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp ||
            uri.AbsolutePath != "/")
        {
            result.AddError($"--url must be an http://host:port address without a path, not '{value}'.");
        }
    }
}
