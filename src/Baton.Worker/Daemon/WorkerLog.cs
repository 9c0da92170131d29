namespace Baton.Worker.Daemon;

/// <summary>
/// The daemon's log: activity (start, claims, outcomes) on standard output, warnings and errors on standard error,
/// one line each with a UTC timestamp. Under systemd or launchd both end up in the service's log.
/// </summary>
public sealed class WorkerLog(TextWriter output, TextWriter error, TimeProvider time)
{
    private readonly Lock _lock = new();

    public void Info(string message) => Write(output, message);

    public void Warning(string message) => Write(error, "warning: " + message);

    public void Error(string message) => Write(error, "error: " + message);

    private void Write(TextWriter writer, string message)
    {
        var line = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) + " " + message;
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
