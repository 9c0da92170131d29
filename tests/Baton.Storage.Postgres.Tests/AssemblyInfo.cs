using Baton.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(PostgresCluster))]
