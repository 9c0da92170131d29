using Baton.Core.Executions;
using CsCheck;

namespace Baton.Core.Tests.Executions;

public sealed class RetryPolicyTests
{
    /// <summary>Backoff lists as the API accepts them: up to ten non-negative waits of up to a day, or none.</summary>
    private static readonly Gen<int[]> BackoffLists = Gen.Int[0, 86_400].Array[0, 10];

    private static readonly Gen<int> Attempts = Gen.Int[-3, 100];

    [Fact]
    public void Backoff_is_never_negative()
    {
        Gen.Select(BackoffLists, Attempts).Sample((backoff, attempt) =>
            Assert.True(RetryPolicy.BackoffAfter(backoff, attempt) >= TimeSpan.Zero));
    }

    [Fact]
    public void Backoff_after_attempt_n_is_the_nth_listed_wait()
    {
        var listsWithAnAttemptInRange =
            from backoff in BackoffLists.Where(b => b.Length > 0)
            from attempt in Gen.Int[1, backoff.Length]
            select (backoff, attempt);
        listsWithAnAttemptInRange.Sample(t =>
            Assert.Equal(TimeSpan.FromSeconds(t.backoff[t.attempt - 1]), RetryPolicy.BackoffAfter(t.backoff, t.attempt)));
    }

    [Fact]
    public void Backoff_beyond_the_list_repeats_the_last_wait()
    {
        var listsWithAnAttemptBeyond =
            from backoff in BackoffLists.Where(b => b.Length > 0)
            from beyond in Gen.Int[1, 50]
            select (backoff, attempt: backoff.Length + beyond);
        listsWithAnAttemptBeyond.Sample(t =>
            Assert.Equal(TimeSpan.FromSeconds(t.backoff[^1]), RetryPolicy.BackoffAfter(t.backoff, t.attempt)));
    }

    [Fact]
    public void Backoff_never_shrinks_as_attempts_grow_when_the_list_is_ascending()
    {
        var ascending = BackoffLists.Where(b => b.Length > 0).Select(b => b.Order().ToArray());
        Gen.Select(ascending, Gen.Int[1, 60]).Sample((backoff, attempt) =>
            Assert.True(RetryPolicy.BackoffAfter(backoff, attempt + 1) >= RetryPolicy.BackoffAfter(backoff, attempt)));
    }

    [Fact]
    public void An_attempt_below_one_is_treated_as_the_first()
    {
        Gen.Select(BackoffLists.Where(b => b.Length > 0), Gen.Int[-100, 0]).Sample((backoff, attempt) =>
            Assert.Equal(TimeSpan.FromSeconds(backoff[0]), RetryPolicy.BackoffAfter(backoff, attempt)));
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 300)]
    [InlineData(3, 900)]
    [InlineData(7, 900)]
    public void An_empty_list_falls_back_to_CueAPIs_1_5_15_minutes(int attempt, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryPolicy.BackoffAfter([], attempt));
    }
}
