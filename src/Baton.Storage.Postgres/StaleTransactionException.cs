namespace Baton.Storage.Postgres;

/// <summary>
/// This transaction's id is older than that of the last transaction that wrote an event for the execution it
/// is changing (it got its id before it waited for the row). Its event would sort before the earlier one, so the
/// transaction is retried with a new id instead.
/// </summary>
internal sealed class StaleTransactionException : Exception
{
    public StaleTransactionException()
        : base("transaction id older than the execution's last event writer; retry")
    {
    }

    public StaleTransactionException(string message)
        : base(message)
    {
    }

    public StaleTransactionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
