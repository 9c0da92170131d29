namespace Baton.Core.Storage;

/// <summary>
/// What a driver can and cannot do, declared as typed flags so tests and services branch on a fact, never on a
/// driver's name.
/// </summary>
public sealed record StoreCapabilities(
    string Name,
    bool WakeupsCrossProcesses,
    bool ManyServerNodes);
