namespace Baton.Worker.Service;

/// <summary>The service managers <c>install-service</c> writes for.</summary>
public enum ServiceKind
{
    Systemd,
    Launchd,
}
