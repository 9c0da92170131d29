using Baton.Cli;
using ModelContextProtocol.Client;

namespace Baton.Mcp.Tests;

/// <summary>MCP client sessions through the SDK's own client: <c>baton mcp</c> as a subprocess, or the server's <c>/mcp</c>.</summary>
internal static class McpSessions
{
    /// <summary>The Cli project's <c>baton.dll</c>, copied next to this test assembly by the project reference.</summary>
    private static string BatonDll { get; } =
        Path.Combine(AppContext.BaseDirectory, typeof(BatonCommandLine).Assembly.GetName().Name + ".dll");

    /// <summary>Runs <c>dotnet baton.dll mcp --url …</c> with the key in <c>BATON_API_KEY</c>, as an MCP client config would.</summary>
    public static Task<McpClient> StartStdioAsync(BatonServerFixture server, string? workerId = null, string? agent = null)
    {
        List<string> arguments = [BatonDll, "mcp", "--url", server.BaseUrl.ToString()];
        if (workerId is not null) arguments.AddRange(["--worker-id", workerId]);
        if (agent is not null) arguments.AddRange(["--agent", agent]);
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "baton-stdio",
            Command = DotnetHost(),
            Arguments = arguments,
            EnvironmentVariables = new Dictionary<string, string?> { ["BATON_API_KEY"] = server.ApiKey, ["BATON_WORKER_ID"] = null, ["BATON_AGENT"] = null },
        });
        return McpClient.CreateAsync(transport, ClientOptions(), cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Connects to the server's Streamable HTTP endpoint with the tenant's key as a bearer token.</summary>
    public static Task<McpClient> StartHttpAsync(
        BatonServerFixture server, string? workerId = null, string? protocolVersion = null, string? agent = null)
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + server.ApiKey };
        if (workerId is not null) headers["X-Worker-Id"] = workerId;
        if (agent is not null) headers["X-Cueapi-From-Agent"] = agent;
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Name = "baton-http",
            Endpoint = new Uri(server.BaseUrl, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        });
        var options = ClientOptions();
        options.ProtocolVersion = protocolVersion;
        return McpClient.CreateAsync(transport, options, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// The SDK probes for the newest protocol with a 5 s timeout and falls back to initialize; a subprocess starting
    /// on a loaded machine can answer the probe after that, and the late answer then fails the fallback. The probe
    /// gets the whole initialization timeout instead.
    /// </summary>
    private static McpClientOptions ClientOptions() => new() { DiscoverProbeTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>The dotnet host running this test (set by the SDK for test runs), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
