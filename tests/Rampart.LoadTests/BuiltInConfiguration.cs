using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Rampart.LoadTests;

/// <summary>
/// 2. ASP.NET Core's built-ins as a team would assemble them today: a hand-written API-key
/// authentication handler that looks the key's SHA-256 up in SQLite on every request,
/// <c>AddRateLimiter</c> with three chained per-key fixed windows, <c>UseHttpLogging</c>, <c>UseHsts</c>.
/// </summary>
internal sealed class BuiltInConfiguration(string workFolder) : IApiConfiguration
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(workFolder, "builtin.db"),
        Pooling = true,
    }.ToString();

    public void ConfigureEndpoint(RouteHandlerBuilder endpoint) => endpoint.RequireAuthorization("orders:read");

    public void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new KeyDatabase(_connectionString));
        builder.Services.AddAuthentication("ApiKey").AddScheme<AuthenticationSchemeOptions, HandWrittenApiKeyHandler>("ApiKey", null);
        builder.Services.AddAuthorization(options => options.AddPolicy("orders:read", policy => policy.RequireClaim("scope", "orders:read")));
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PerKey(TimeSpan.FromSeconds(10), 10_000_000),
                PerKey(TimeSpan.FromMinutes(1), 60_000_000),
                PerKey(TimeSpan.FromDays(1), 1_000_000_000));
        });
        builder.Services.AddHttpLogging(options => options.LoggingFields = HttpLoggingFields.RequestPropertiesAndHeaders | HttpLoggingFields.ResponsePropertiesAndHeaders);
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
            options.ExcludedHosts.Clear();
        });
    }

    public void ConfigurePipeline(WebApplication app)
    {
        app.UseHsts();
        app.UseHttpLogging();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    public async Task<IssuedKeys> CreateKeysAsync(IServiceProvider services, int count)
    {
        var valid = new List<string>();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS api_keys (hash TEXT PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, scopes TEXT NOT NULL); DELETE FROM api_keys;";
            await create.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < count; i++)
        {
            var key = "sk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO api_keys (hash, id, name, scopes) VALUES ($hash, $id, $name, 'orders:read')";
            insert.Parameters.AddWithValue("$hash", KeyDatabase.Hash(key));
            insert.Parameters.AddWithValue("$id", $"key{i}");
            insert.Parameters.AddWithValue("$name", $"key {i}");
            await insert.ExecuteNonQueryAsync();
            valid.Add(key);
        }

        // No checksum in this scheme: a mistyped key and an unknown key both cost a database lookup.
        var unknown = Enumerable.Range(0, count).Select(_ => "sk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).ToList();
        var badChecksum = valid.Select(k => k[..^1] + (k[^1] == '0' ? '1' : '0')).ToList();
        return new IssuedKeys(valid, badChecksum, unknown);
    }

    private static PartitionedRateLimiter<HttpContext> PerKey(TimeSpan window, int limit)
        => PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
            context.User.FindFirst("key_id")?.Value ?? "anonymous",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0 }));

    internal sealed class KeyDatabase(string connectionString)
    {
        public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

        public async Task<(string Id, string Name, string Scopes)?> FindAsync(string key)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, name, scopes FROM api_keys WHERE hash = $hash";
            command.Parameters.AddWithValue("$hash", Hash(key));
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() ? (reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
        }
    }

    internal sealed class HandWrittenApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyDatabase database)
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

            var identity = new ClaimsIdentity(
                [new Claim("key_id", key.Id), new Claim(ClaimTypes.Name, key.Name), .. key.Scopes.Split(' ').Select(s => new Claim("scope", s))],
                Scheme.Name);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
        }
    }
}
