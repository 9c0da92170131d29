using System.CommandLine;
using System.CommandLine.Parsing;

namespace Baton.Cli.Parsing;

/// <summary>
/// What a command line that did not parse prints: each real problem once, and for a mistyped command one suggestion
/// for that word alone (not one per following word) and where the help is, instead of the whole help text.
/// </summary>
public static class ParseErrorReport
{
    public static void Write(ParseResult parse, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(error);
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse);
        var unmatched = parse.UnmatchedTokens;
        // The unmatched words get one line below; "Required command was not provided" only repeats that a word was wrong.
        var others = parse.Errors.Where(e => !unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)) &&
                                             !(unmatched.Count > 0 && command.Subcommands.Count > 0 && e.SymbolResult is CommandResult));
        foreach (var e in others)
        {
            error.WriteLine($"error: {e.Message}");
        }

        if (unmatched.Count > 0)
        {
            var word = unmatched[0];
            var names = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
            var isCommandSlot = command.Subcommands.Count > 0 && !word.StartsWith('-');
            var what = isCommandSlot ? $"'{word}' is not a command of '{path}'" : $"'{word}' is not an option or argument of '{path}'";
            var candidates = isCommandSlot ? names : command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name));
            error.WriteLine(Closest(word, candidates) is { } guess ? $"error: {what}. Did you mean '{guess}'?" : $"error: {what}.");
        }

        error.WriteLine($"See '{path} --help'.");
    }

    /// <summary>The candidate nearest to <paramref name="word"/> by edit distance, if it is near enough to be a typo.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        var best = candidates.Select(c => (Name: c, Distance: Distance(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(1, word.Length / 3) ? best.Name : null;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Parent is null ? "baton" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var beforePrevious = previous;
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                // Two neighbours swapped ("shwo") is one typo, not two.
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
            }

            beforePrevious = previous;
            previous = current;
        }

        return previous[b.Length];
    }
}
