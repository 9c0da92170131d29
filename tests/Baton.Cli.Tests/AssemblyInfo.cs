using Baton.Testing;

[assembly: AssemblyFixture(typeof(PostgresCluster))]
