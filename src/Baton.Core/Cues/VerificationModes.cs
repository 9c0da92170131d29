namespace Baton.Core.Cues;

/// <summary><c>verification.mode</c>: which evidence a successful outcome must carry.</summary>
public static class VerificationModes
{
    public const string None = "none";
    public const string RequireExternalId = "require_external_id";
    public const string RequireResultUrl = "require_result_url";
    public const string RequireArtifacts = "require_artifacts";
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> All =
        [None, RequireExternalId, RequireResultUrl, RequireArtifacts, Manual];
}
