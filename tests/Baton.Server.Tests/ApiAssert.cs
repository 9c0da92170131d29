using System.Net;
using Baton.Client;
using Xunit;

namespace Baton.Server.Tests;

internal static class ApiAssert
{
    /// <summary>Runs <paramref name="call"/> and asserts it failed with this status and error code.</summary>
    public static async Task<BatonApiException> FailsAsync(HttpStatusCode status, string code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<BatonApiException>(call);
        Assert.Equal((status, code), (error.Status, error.Code));
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        return error;
    }
}
