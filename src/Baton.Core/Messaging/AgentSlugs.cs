using System.Text;
using System.Text.RegularExpressions;

namespace Baton.Core.Messaging;

/// <summary>Agent slugs: <c>^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$</c>, unique among a tenant's live agents.</summary>
public static partial class AgentSlugs
{
    public const int MaxLength = 64;

    public static bool IsValid(string slug) => SlugPattern().IsMatch(slug);

    /// <summary>
    /// A slug from a display name: lower-case letters and digits, every other run of characters one hyphen, cut to
    /// leave room for a numeric suffix (<c>-2</c>, <c>-3</c> … when taken). <c>agent</c> when nothing is left.
    /// </summary>
    public static string Derive(string displayName)
    {
        var slug = new StringBuilder();
        foreach (var c in displayName.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }

        var text = slug.ToString().Trim('-');
        if (text.Length > MaxLength - 4) text = text[..(MaxLength - 4)].TrimEnd('-');
        return text.Length == 0 ? "agent" : text;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex SlugPattern();
}
