using System.CommandLine;

namespace Baton.Cli.Commands;

/// <summary>
/// <c>baton completion bash|zsh</c>: prints a script that asks baton itself for completions through
/// System.CommandLine's <c>[suggest]</c> directive, so completions always match the installed version.
/// </summary>
public static class CompletionCommand
{
    public const string Bash = """
        # baton completion for bash: add to ~/.bashrc:  source <(baton completion bash)
        _baton_complete() {
          local IFS=$'\n'
          COMPREPLY=($(baton "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null))
        }
        complete -o default -F _baton_complete baton
        """;

    public const string Zsh = """
        # baton completion for zsh: add to ~/.zshrc:  source <(baton completion zsh)
        _baton_complete() {
          local -a completions
          completions=(${(f)"$(baton "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)"})
          compadd -a completions
        }
        compdef _baton_complete baton
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "The shell to print a completion script for: bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script; e.g. add `source <(baton completion bash)` to ~/.bashrc.") { shell };
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(parse.GetRequiredValue(shell) == "zsh" ? Zsh : Bash);
            return 0;
        });
        return command;
    }
}
