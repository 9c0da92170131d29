namespace Baton.Worker.Service;

/// <summary>Whether this process runs under a service manager that restarts it and keeps it after logout.</summary>
public static class ServiceManager
{
    /// <summary>Set by the units <c>install-service</c> writes.</summary>
    public const string MarkerVariable = "BATON_WORKER_SERVICE";

    /// <summary>The manager's name, or null when the worker seems to run from a terminal.</summary>
    public static string? Detect()
    {
        if (Environment.GetEnvironmentVariable(MarkerVariable) is { Length: > 0 } marker) return marker;
        // systemd (v232+) gives every unit's processes an invocation id.
        if (Environment.GetEnvironmentVariable("INVOCATION_ID") is { Length: > 0 }) return "systemd";
        if (Environment.GetEnvironmentVariable("SUPERVISOR_ENABLED") is { Length: > 0 }) return "supervisord";
        // The entry point of a container: its runtime restarts it.
        if (Environment.ProcessId == 1) return "container";
        return null;
    }
}
