using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Cli.Invocation;

/// <summary>
/// API keys saved by <c>baton login</c> and <c>baton register</c>, one per server URL, in
/// <c>$XDG_CONFIG_HOME/baton/credentials.json</c> (<c>~/.config/baton/…</c>; %APPDATA% on Windows), readable by the
/// user only.
/// </summary>
public static class CredentialStore
{
    public static string FilePath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            "baton", "credentials.json");

    public static string? FindApiKey(Uri server)
    {
        var servers = Load()["servers"] as JsonObject;
        return servers?[Normalize(server)]?["api_key"]?.GetValue<string>();
    }

    public static void Save(Uri server, string apiKey, string? email)
    {
        var root = Load();
        if (root["servers"] is not JsonObject servers)
        {
            servers = [];
            root["servers"] = servers;
        }

        servers[Normalize(server)] = new JsonObject { ["api_key"] = apiKey, ["email"] = email };
        var path = FilePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        // The file holds secrets: only the user may read it.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            root.WriteTo(writer);
        }

        // Replace in one step so a crash never leaves a half-written file behind.
        File.Move(temporary, path, overwrite: true);
    }

    private static JsonObject Load()
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(FilePath)) as JsonObject ?? [];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return [];
        }
    }

    private static string Normalize(Uri server) => server.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
}
