namespace Baton.Testing;

/// <summary>A fresh directory for one test's files (a database, a worker config), removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("baton-test-").FullName;

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
