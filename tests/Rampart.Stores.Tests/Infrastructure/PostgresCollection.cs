namespace Rampart.Stores.Tests.Infrastructure;

/// <summary>One PostgreSQL server shared by this project's PostgreSQL tests (xUnit wants the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
