using System.CommandLine;

namespace Baton.Cli.Commands.Cues;

/// <summary>The cue id argument (<c>cue_</c> + 12 characters, as <c>cues create</c> and <c>cues ls</c> print it).</summary>
internal static class CueIdArgument
{
    public static Argument<string> Create()
    {
        var id = new Argument<string>("id") { Description = "The cue's id (cue_…), as cues create and cues ls print it." };
        id.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && (v.Length is 0 or > 64))
            {
                r.AddError($"The cue id must be 1 to 64 characters long, not {v.Length}.");
            }
        });
        return id;
    }
}
