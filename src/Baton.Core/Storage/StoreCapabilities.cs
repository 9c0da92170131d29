namespace Baton.Core.Storage;

/// <summary>
/// What a driver is, as the health answer reports it. Flags that nothing read (whether wake-ups cross processes,
/// whether many server nodes may share the store) were removed: a driver's differences are tested through its
/// behaviour in the conformance suite, and a service never branches on which driver it has.
/// </summary>
public sealed record StoreCapabilities(string Name);
