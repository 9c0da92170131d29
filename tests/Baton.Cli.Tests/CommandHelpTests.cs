using System.CommandLine;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>
/// <c>--help</c> of every client command explains each of its options in a sentence; the root lists the exit codes.
/// Per-command help is rendered in-process by the same command tree (twenty process starts would cost more than
/// they prove); the root help and completion run as the real process.
/// </summary>
public sealed class CommandHelpTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in LeafCommands(BatonCommandLine.Create(), [])) data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_of_each_command_explains_every_option_in_a_sentence(string path)
    {
        var command = Find(path);
        using var output = new StringWriter();

        var exitCode = await BatonCommandLine.Create().Parse([.. path.Split(' '), "--help"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var help = output.ToString();
        Assert.False(string.IsNullOrWhiteSpace(command.Description));
        foreach (var option in command.Options.Where(o => o.Name != "--help"))
        {
            var description = option.Description ?? "";
            Assert.False(string.IsNullOrWhiteSpace(description), $"{path} {option.Name} has no description");
            Assert.EndsWith(".", description.Split(" [default")[0].TrimEnd(), StringComparison.Ordinal);
            Assert.Contains(option.Name, help);
            Assert.Contains(string.Join(' ', description.Split(' ').Take(3)), help);
        }
    }

    [Fact]
    public async Task Root_help_lists_the_client_commands_and_documents_the_exit_codes()
    {
        var (exitCode, stdout, _) = await BatonProcess.RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var name in new[] { "enqueue", "claim", "complete", "wait", "runs", "events", "whoami", "Exit codes", "4 a wait timed out" })
        {
            Assert.Contains(name, stdout);
        }
    }

    [Fact]
    public async Task Completion_prints_a_bash_script_and_baton_answers_its_suggest_requests()
    {
        var (exitCode, stdout, _) = await BatonProcess.RunAsync("completion", "bash");
        var (_, suggestions, _) = await BatonProcess.RunAsync("[suggest:9]", "baton enq");

        Assert.Equal(0, exitCode);
        Assert.Contains("complete -o default -F _baton_complete baton", stdout);
        Assert.Contains("enqueue", suggestions);
    }

    private static Command Find(string path)
    {
        Command command = BatonCommandLine.Create();
        foreach (var name in path.Split(' ')) command = command.Subcommands.Single(c => c.Name == name);
        return command;
    }

    private static IEnumerable<string> LeafCommands(Command command, IReadOnlyList<string> prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            List<string> path = [.. prefix, sub.Name];
            if (sub.Subcommands.Count == 0) yield return string.Join(' ', path);
            else foreach (var leaf in LeafCommands(sub, path)) yield return leaf;
        }
    }
}
