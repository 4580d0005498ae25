using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Rampart.LoadTests;

/// <summary>
/// 2b. Built-ins with a database query per request: as <see cref="FairBuiltInConfiguration"/>, but the
/// handler looks the key's SHA-256 up in SQLite on every request, with no cache. No team should ship
/// this; it is kept, labelled for what it is, to show what a per-request store round trip costs.
/// </summary>
internal sealed class SqlitePerRequestBuiltInConfiguration(string workFolder) : IApiConfiguration
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(workFolder, "builtin.db"),
        Pooling = true,
    }.ToString();

    public void ConfigureEndpoint(RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization(BuiltInPipeline.Policy);

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new KeyDatabase(_connectionString));
        builder.Services.AddAuthentication(BuiltInPipeline.Scheme).AddScheme<AuthenticationSchemeOptions, SqliteApiKeyHandler>(BuiltInPipeline.Scheme, null);
        BuiltInPipeline.ConfigureServices(builder);
    }

    public void ConfigurePipeline(WebApplication app) => BuiltInPipeline.ConfigurePipeline(app);

    public async Task<IssuedKeys> CreateKeysAsync(IServiceProvider services, int count)
    {
        var valid = new List<IssuedKey>();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS api_keys (hash TEXT PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, org TEXT NOT NULL, scopes TEXT NOT NULL); DELETE FROM api_keys;";
            await create.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < count; i++)
        {
            var key = "sk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var organization = $"org{i % 10}";
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO api_keys (hash, id, name, org, scopes) VALUES ($hash, $id, $name, $org, 'orders:read')";
            insert.Parameters.AddWithValue("$hash", KeyDatabase.Hash(key));
            insert.Parameters.AddWithValue("$id", $"key{i}");
            insert.Parameters.AddWithValue("$name", $"key {i}");
            insert.Parameters.AddWithValue("$org", organization);
            await insert.ExecuteNonQueryAsync();
            valid.Add(new IssuedKey(key, organization));
        }

        // No checksum in this scheme: a mistyped key and an unknown key both cost a database lookup.
        var unknown = valid.Select(k => k with { Key = "sk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) }).ToList();
        var badChecksum = valid.Select(k => k with { Key = k.Key[..^1] + (k.Key[^1] == '0' ? '1' : '0') }).ToList();
        return new IssuedKeys(valid, badChecksum, unknown);
    }

    internal sealed class KeyDatabase(string connectionString)
    {
        public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

        public async Task<(string Id, string Name, string Organization, string Scopes)?> FindAsync(string key)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, name, org, scopes FROM api_keys WHERE hash = $hash";
            command.Parameters.AddWithValue("$hash", Hash(key));
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
        }
    }

    internal sealed class SqliteApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyDatabase database)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return AuthenticateResult.NoResult();
            }

            var found = await database.FindAsync(header["Bearer ".Length..]);
            if (found is not { } key)
            {
                return AuthenticateResult.Fail("Invalid API key.");
            }

            var principal = BuiltInPipeline.Principal(key.Id, key.Name, key.Organization, key.Scopes);
            return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }
    }
}
