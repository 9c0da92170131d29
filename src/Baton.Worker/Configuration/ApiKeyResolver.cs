namespace Baton.Worker.Configuration;

/// <summary>
/// Where the worker's key comes from, in order: the config file, <c>BATON_API_KEY</c>, <c>CUEAPI_API_KEY</c>, then the
/// credentials file <c>baton login</c> writes (looked up by the caller, which owns that file).
/// </summary>
public static class ApiKeyResolver
{
    public static (string? Key, string Source) Resolve(WorkerConfig config, Func<Uri, string?> savedKey)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(savedKey);
        if (config.ApiKey is { Length: > 0 } fromFile) return (fromFile, "api_key in " + config.SourcePath);
        foreach (var name in (string[])["BATON_API_KEY", "CUEAPI_API_KEY"])
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } fromEnvironment) return (fromEnvironment, name);
        }

        return savedKey(config.ApiBase) is { Length: > 0 } saved ? (saved, "the credentials file") : (null, "none");
    }

    public const string MissingKeyMessage =
        "no API key: set api_key in the config file, BATON_API_KEY or CUEAPI_API_KEY, or run `baton login --api-key KEY`.";
}
