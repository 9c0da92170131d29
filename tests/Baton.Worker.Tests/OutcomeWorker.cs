using Baton.Testing;

namespace Baton.Worker.Tests;

/// <summary>
/// One real worker for the outcome tests: handler <c>script</c> runs the shell code in <c>payload.script</c> (through
/// a <c>{{ payload.script }}</c> env value), <c>slow</c> outlives its 1-second timeout, and <c>env</c> records its
/// environment to a file named after the execution.
/// </summary>
public sealed class OutcomeWorker : IAsyncLifetime
{
    private readonly WorkerTestServer _server;

    public OutcomeWorker(WorkerTestServer server)
    {
        _server = server;
    }

    public WorkerScenario Scenario { get; private set; } = null!;

    public BatonProcess Process { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Scenario = await WorkerScenario.CreateAsync(_server);
        Process = await Scenario.StartWorkerAsync("outcomes", $$$"""
            max_concurrent: 4
            handlers:
              script:
                cmd: eval "$SCRIPT"
                env:
                  SCRIPT: "{{ payload.script }}"
              slow:
                cmd: echo "$$" > "{{{Scenario.Dir}}}/slow-$BATON_EXECUTION_ID.pid"; echo working; sleep 30
                timeout: 1
              env:
                cmd: env > "{{{Scenario.Dir}}}/$BATON_EXECUTION_ID.env"
                env:
                  X_NAME: "{{ payload.user.name }}"
                  X_ID: "id={{payload.user.id}}"
                  X_MISSING: "[{{ payload.nope.deeper }}]"
                  X_OBJECT: "{{ payload.user }}"
                  X_WHOLE: "{{ payload }}"
                  BATON_WORKER_ID: "a handler's env cannot replace the worker's own variables"
            """);
    }

    public async ValueTask DisposeAsync() => await Scenario.DisposeAsync();
}
