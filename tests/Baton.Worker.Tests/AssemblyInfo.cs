using Baton.Worker.Tests;

[assembly: AssemblyFixture(typeof(WorkerTestServer))]
