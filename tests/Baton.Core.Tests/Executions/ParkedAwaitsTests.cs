using Baton.Core.Executions;

namespace Baton.Core.Tests.Executions;

/// <summary>
/// Awaits parked on this node (<see cref="ParkedAwaits"/>): a finish answers every await on that execution of that
/// tenant with the row, and nothing else; a closed await is not answered; settled awaits leave no entry behind.
/// </summary>
public sealed class ParkedAwaitsTests
{
    private readonly ParkedAwaits _parked = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_finish_answers_every_await_parked_on_that_execution_with_the_row()
    {
        var done = ExecutionExamples.Delivering() with { Status = ExecutionStatus.Success };
        var first = _parked.Park(done.TenantId, done.Id);
        var second = _parked.Park(done.TenantId, done.Id);

        _parked.Finished(done);

        Assert.Same(done, await first.Given.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Same(done, await second.Given.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(0, _parked.Count);
    }

    [Fact]
    public void A_row_that_is_not_terminal_answers_nobody()
    {
        var retrying = ExecutionExamples.Retrying();
        var handOff = _parked.Park(retrying.TenantId, retrying.Id);

        _parked.Finished(retrying);

        Assert.False(handOff.Given.IsCompleted);
        Assert.True(handOff.TryClose()); // still parked: the waiter can close it as it wakes
        Assert.Equal(0, _parked.Count);
    }

    [Fact]
    public void Another_tenants_execution_with_the_same_id_or_another_execution_answers_nobody()
    {
        var done = ExecutionExamples.Delivering() with { Status = ExecutionStatus.Failed };
        var otherTenant = _parked.Park("tenant-2", done.Id);
        var otherExecution = _parked.Park(done.TenantId, Guid.NewGuid());

        _parked.Finished(done);

        Assert.False(otherTenant.Given.IsCompleted);
        Assert.False(otherExecution.Given.IsCompleted);
        Assert.Equal(2, _parked.Count);
    }

    [Fact]
    public void An_await_that_closed_as_it_woke_is_not_answered_and_no_longer_listed()
    {
        var done = ExecutionExamples.Delivering() with { Status = ExecutionStatus.Cancelled };
        var handOff = _parked.Park(done.TenantId, done.Id);
        Assert.True(handOff.TryClose());
        Assert.Equal(0, _parked.Count);

        _parked.Finished(done); // must not throw: nothing is taken, so nothing is given

        Assert.False(handOff.Given.IsCompleted);
    }
}
