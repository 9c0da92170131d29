using System.Text;

namespace Baton.Mcp;

/// <summary>Default worker ids for MCP sessions that were not given one: the client's name plus something per session.</summary>
public static class WorkerIdentity
{
    private const int MaxLength = 255;

    /// <summary><c>mcp-{client name}-{session part}</c>, limited to characters that read well in logs and listings.</summary>
    public static string Default(string? clientName, string sessionPart)
    {
        ArgumentNullException.ThrowIfNull(sessionPart);
        var name = Sanitize(string.IsNullOrWhiteSpace(clientName) ? "agent" : clientName);
        var id = $"mcp-{name}-{Sanitize(sessionPart)}";
        return id.Length <= MaxLength ? id : id[..MaxLength];
    }

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 64));
        foreach (var c in value.Trim())
        {
            if (builder.Length == 64) break;
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? char.ToLowerInvariant(c) : '-');
        }

        return builder.ToString();
    }
}
