namespace Baton.Cli.Tests;

/// <summary>A fresh directory for one test's database, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("baton-cli-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed server's files may still be closing; the OS temp cleaner gets them.
        }
    }
}
