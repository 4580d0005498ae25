//#if (!KeyPrefixIsValid)
#error The key prefix 'tmplprefix' given to `dotnet new rampart-api --key-prefix` is not valid: use 2 to 12 lower-case letters or digits, starting with a letter. Create the project again with a valid prefix, or fix Rampart:Keys:Prefix in appsettings.json and delete this line.
//#endif
using Rampart.AspNetCore.Hosting;
using RampartApi.Disclosure;
using RampartApi.Endpoints;
using RampartApi.OpenApi;
using RampartApi.Security;

var builder = WebApplication.CreateBuilder(args);

// Kestrel speaks TLS 1.2 and 1.3 only (1.3 preferred) and sends no Server header.
builder.WebHost.UseRampartTls();

// The pepper (the server-held secret that keys are hashed with) never lives in a file of this
// project. It comes from user-secrets or the environment (Rampart__Keys__Peppers__1). In
// Development, a missing one is generated and stored in user-secrets on first run; anywhere else
// a missing one stops the app at start with a message naming Rampart:Keys:Peppers.
builder.EnsureRampartDevelopmentPepper();

// ---- Rampart: every security feature is registered here, in one place. ----------------------
// Settings come from the "Rampart" section of appsettings.json: keys, the key store, rate limits
// and quotas, audit logging, HTTPS-only transport with HSTS. The delegate is for what code decides.
builder.Services.AddRampart(options =>
{
    // Every endpoint needs a valid key unless it opts out with .AllowAnonymous().
    options.Authentication.RequireKeyByDefault = true;
});
//#if (UsePostgres)

// Keys live in PostgreSQL, shared by every instance (package Rampart.PostgreSql). The connection
// string is Rampart:Store:PostgreSql:ConnectionString: appsettings.json holds one without a
// password; give the password through user-secrets, PGPASSWORD or the full connection string in
// Rampart__Store__PostgreSql__ConnectionString.
builder.Services
    .AddRampartPostgreSql(postgres =>
    {
        // Every setting binds from Rampart:Store:PostgreSql (Schema, ListenForChanges, ...); code may override them here.
    })
    // Audit records (kept 90 days) and the tamper-evident admin log go to the same database,
    // so every instance writes one audit trail.
    .AddRampartPostgreSqlAuditStore();
//#else

// Keys live in an embedded SQLite file, Rampart:Store:Sqlite:Path (relative to the content root).
//#endif
//#if (Redis)

// Rate limits and quotas are shared by every instance through Redis (package Rampart.Redis),
// configured by Rampart:RateLimits:Redis; its Configuration is the Redis connection string.
builder.Services.AddRampartRedisRateLimits();
//#endif

// Probes: /health/live (the process works) and /health/ready (the key store, the audit trail and
// the rate limiter answer), without a key.
builder.Services.AddHealthChecks().AddRampartHealthChecks();
// ----------------------------------------------------------------------------------------------

// The OpenAPI document and its explorer, with the API-key scheme: served in Development only.
builder.Services.AddApiDocumentation();

// How to report a vulnerability (SecurityTxt in appsettings.json), served as /.well-known/security.txt.
builder.Services.AddSecurityTxt();

var app = builder.Build();

// `dotnet run -- keys create --name admin --scopes rampart:admin` and the other key commands run
// against this app's configuration and store, then exit without starting the server.
if (await app.RunRampartCommandAsync(args))
{
    return;
}

app.UseRampart();

// Development only: a first key to call the API with, printed once.
await DevelopmentKey.IssueIfNoneAsync(app.Services, app.Environment, Console.Out);

if (app.Environment.IsDevelopment())
{
    // /openapi/v1.json and the explorer at /scalar, without a key. Not mapped anywhere else.
    app.MapApiDocumentation();
}

app.MapHealthEndpoints();
app.MapSecurityTxt();
app.MapOrderEndpoints();

// Key management over HTTP: create, list, get, update, revoke, rotate. Needs the rampart:admin scope
// and acts on the caller's own organisation only; acting across organisations needs rampart:operator.
app.MapRampartKeys("/admin/keys");

// The caller's organisation's audit records, newest first, with filters and cursor paging.
app.MapRampartAudit("/admin/audit");

await app.RunAsync();
