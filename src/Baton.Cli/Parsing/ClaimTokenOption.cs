using System.CommandLine;

namespace Baton.Cli.Parsing;

/// <summary><c>--claim-token</c>: names one claim precisely, so a worker whose lease was lost and re-claimed elsewhere is refused.</summary>
public static class ClaimTokenOption
{
    public static Option<string?> Create() => new("--claim-token")
    {
        Description = "The claim token `baton claim` printed; when given it must match the current claim (else claim_lost).",
        HelpName = "token",
    };
}
