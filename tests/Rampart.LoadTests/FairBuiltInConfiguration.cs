using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Rampart.LoadTests;

/// <summary>
/// 2. ASP.NET Core's built-ins assembled fairly: a hand-written API-key handler that finds the key's
/// record by its id in <see cref="IMemoryCache"/> and builds the request's principal from it (SQLite on a miss, unknown ids remembered too), checks
/// HMAC-SHA256(pepper, secret) against the stored hash with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// then the shared scope-and-organisation policy, three chained fixed windows, HTTP logging and HSTS.
/// </summary>
internal sealed class FairBuiltInConfiguration(string workFolder) : IApiConfiguration
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(workFolder, "builtin-fair.db"),
        Pooling = true,
    }.ToString();

    private readonly byte[] _pepper = RandomNumberGenerator.GetBytes(32);

    public void ConfigureEndpoint(RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization(BuiltInPipeline.Policy);

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton(new KeyRecords(_connectionString, _pepper));
        builder.Services.AddAuthentication(BuiltInPipeline.Scheme).AddScheme<AuthenticationSchemeOptions, CachedApiKeyHandler>(BuiltInPipeline.Scheme, null);
        BuiltInPipeline.ConfigureServices(builder);
    }

    public void ConfigurePipeline(WebApplication app) => BuiltInPipeline.ConfigurePipeline(app);

    public async Task<IssuedKeys> CreateKeysAsync(IServiceProvider services, int count)
    {
        var records = services.GetRequiredService<KeyRecords>();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS api_keys (id TEXT PRIMARY KEY, hash BLOB NOT NULL, name TEXT NOT NULL, org TEXT NOT NULL, scopes TEXT NOT NULL); DELETE FROM api_keys;";
            await create.ExecuteNonQueryAsync();
        }

        var valid = new List<IssuedKey>();
        for (var i = 0; i < count; i++)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var organization = $"org{i % 10}";
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO api_keys (id, hash, name, org, scopes) VALUES ($id, $hash, $name, $org, 'orders:read')";
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$hash", records.Hash(secret));
            insert.Parameters.AddWithValue("$name", $"key {i}");
            insert.Parameters.AddWithValue("$org", organization);
            await insert.ExecuteNonQueryAsync();
            valid.Add(new IssuedKey($"sk_live_{id}_{secret}", organization));
        }

        // No checksum in this scheme: a mistyped key costs the cached lookup and the HMAC; an unknown id one SQLite miss, then the cache.
        var unknown = valid.Select(k => k with { Key = $"sk_live_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}" }).ToList();
        var badChecksum = valid.Select(k => k with { Key = k.Key[..^1] + (k.Key[^1] == '0' ? '1' : '0') }).ToList();
        return new IssuedKeys(valid, badChecksum, unknown);
    }

    internal sealed record KeyRecord(string Id, byte[] Hash, string Name, string Organization, string Scopes);

    internal sealed class KeyRecords(string connectionString, byte[] pepper)
    {
        public byte[] Hash(string secret) => HMACSHA256.HashData(pepper, Encoding.ASCII.GetBytes(secret));

        public bool Matches(KeyRecord record, ReadOnlySpan<char> secret)
        {
            Span<byte> bytes = stackalloc byte[64];
            Span<byte> hash = stackalloc byte[32];
            if (secret.Length != bytes.Length || Encoding.ASCII.GetBytes(secret, bytes) != bytes.Length)
            {
                return false;
            }

            HMACSHA256.HashData(pepper, bytes, hash);
            return CryptographicOperations.FixedTimeEquals(hash, record.Hash);
        }

        public async Task<KeyRecord?> FindAsync(string id)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT hash, name, org, scopes FROM api_keys WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync()
                ? new KeyRecord(id, (byte[])reader.GetValue(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
                : null;
        }
    }

    internal sealed class CachedApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyRecords records, IMemoryCache cache)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        private const string Prefix = "Bearer sk_live_";
        private const int IdLength = 12;

        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return AuthenticateResult.NoResult();
            }

            if (header.Length != Prefix.Length + IdLength + 1 + 64 || header[Prefix.Length + IdLength] != '_')
            {
                return AuthenticateResult.Fail("Malformed API key.");
            }

            var id = header.Substring(Prefix.Length, IdLength);
            if (!cache.TryGetValue(id, out KeyRecord? record))
            {
                record = await records.FindAsync(id);
                cache.Set(id, record, TimeSpan.FromMinutes(5));
            }

            // An unknown id is checked against nothing, but costs the same HMAC a known one does.
            var secret = header.AsSpan(Prefix.Length + IdLength + 1);
            var matches = records.Matches(record ?? Unknown, secret);
            if (record is null || !matches)
            {
                return AuthenticateResult.Fail("Invalid API key.");
            }

            var principal = BuiltInPipeline.Principal(record.Id, record.Name, record.Organization, record.Scopes);
            return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }

        private static readonly KeyRecord Unknown = new(string.Empty, RandomNumberGenerator.GetBytes(32), string.Empty, string.Empty, string.Empty);
    }
}
