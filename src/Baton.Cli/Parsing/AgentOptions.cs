using System.CommandLine;
using Baton.Cli.Invocation;

namespace Baton.Cli.Parsing;

/// <summary>
/// Agents as arguments and options: a reference is an agent's <c>agt_</c> id, its slug, or <c>slug@tenant</c>. The
/// agent a command acts as (<c>messages send --from</c>, <c>messages inbox --agent</c>) defaults to
/// <see cref="EnvironmentVariable"/>, so a process that is one agent sets it once.
/// </summary>
public static class AgentOptions
{
    public const string EnvironmentVariable = "BATON_AGENT";

    /// <summary>The longest reference the server accepts (an id, a slug, or slug@tenant).</summary>
    public const int ReferenceLength = 300;

    public static Argument<string> Reference(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && (v.Trim().Length == 0 || v.Length > ReferenceLength))
            {
                r.AddError($"The {name} must be an agent's slug or agt_ id (1 to {ReferenceLength} characters), not '{v}'.");
            }
        });
        return argument;
    }

    /// <summary>An option naming the agent a command acts as, defaulting to <c>BATON_AGENT</c>.</summary>
    public static Option<string?> Acting(string name, string description) =>
        ValidatedOptions.Text(name, $"{description} Env: {EnvironmentVariable}.", ReferenceLength, "agent");

    /// <summary>The option's value, else <c>BATON_AGENT</c>; neither is a usage error (exit 1, nothing sent).</summary>
    public static string Resolve(ParseResult parse, Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(option);
        if (parse.GetValue(option) is { } given) return given;
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { } fromEnvironment && fromEnvironment.Trim().Length > 0)
        {
            if (fromEnvironment.Length > ReferenceLength)
            {
                throw new CliUsageException($"{EnvironmentVariable} must be at most {ReferenceLength} characters, not {fromEnvironment.Length}.");
            }

            return fromEnvironment.Trim();
        }

        throw new CliUsageException(
            $"Which agent? Pass {option.Name} AGENT or set {EnvironmentVariable} (an agent's slug or agt_ id; `baton agents ls` lists them).");
    }

    /// <summary>A message id argument (<c>msg_</c> + 12 characters, as send and inbox print it).</summary>
    public static Argument<string> MessageId()
    {
        var id = new Argument<string>("id") { Description = "The message's id (msg_…), as messages send and messages inbox print it." };
        id.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && (v.Trim().Length == 0 || v.Length > 64))
            {
                r.AddError($"The message id must be 1 to 64 characters long, not {v.Length}.");
            }
        });
        return id;
    }
}
