using System.Reflection;
using Baton.Core.Storage;

namespace Baton.Server.Tests;

/// <summary>
/// An <see cref="IBatonStore"/> whose database is gone: every operation fails as a real driver would on a lost
/// connection, except start-up and shutdown. Built with <see cref="DispatchProxy"/> so it needs no member list.
/// </summary>
public class UnreachableStore : DispatchProxy
{
    public static IBatonStore Create() => DispatchProxy.Create<IBatonStore, UnreachableStore>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IBatonStore.MigrateAsync) => Task.CompletedTask,
        nameof(IBatonStore.DisposeAsync) => ValueTask.CompletedTask,
        nameof(IBatonStore.Capabilities) or "get_Capabilities" => new StoreCapabilities("sqlite"),
        _ => throw new IOException("database is unreachable"),
    };
}
