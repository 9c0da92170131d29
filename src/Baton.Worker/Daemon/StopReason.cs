namespace Baton.Worker.Daemon;

/// <summary>Why a handler was stopped before it finished on its own.</summary>
internal enum StopReason
{
    None,

    /// <summary>It ran past its handler's timeout: killed, reported as a failure.</summary>
    TimedOut,

    /// <summary>A heartbeat was answered 409 <c>execution_cancelled</c>: killed, nothing reported.</summary>
    Cancelled,

    /// <summary>A heartbeat was answered 409 <c>claim_lost</c> (or the claim is otherwise gone): killed and dropped.</summary>
    ClaimLost,

    /// <summary>The daemon is shutting down and the grace ran out: killed and released to another worker.</summary>
    Shutdown,

    /// <summary>The server refused the key: killed; nothing can be reported or released.</summary>
    Unauthorized,
}
