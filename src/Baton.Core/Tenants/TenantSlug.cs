using System.Text;

namespace Baton.Core.Tenants;

/// <summary>
/// A tenant's short name for <c>/v1/auth/me</c>: its email's local part, lower-cased, with every run of characters
/// outside <c>a-z 0-9</c> turned into one hyphen (<c>Ada.Lovelace@example.com</c> → <c>ada-lovelace</c>).
/// </summary>
public static class TenantSlug
{
    public static string From(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var local = (at < 0 ? email : email[..at]).ToLowerInvariant();
        var slug = new StringBuilder(local.Length);
        foreach (var c in local)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }

        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "account" : text;
    }
}
