//#if (!KeyPrefixIsValid)
#error The key prefix 'tmplprefix' given to `dotnet new rampart-api --key-prefix` is not valid: use 2 to 12 lower-case letters or digits, starting with a letter. Create the project again with a valid prefix, or fix Rampart:Keys:Prefix in appsettings.json and delete this line.
//#endif
using RampartApi.Endpoints;
using RampartApi.Security;

var builder = WebApplication.CreateBuilder(args);

// The pepper (the server-held secret that keys are hashed with) never lives in a file of this
// project. It comes from user-secrets or the environment (Rampart__Keys__Peppers__1). In
// Development, a missing one is generated and stored in user-secrets on first run; anywhere else
// a missing one stops the app at start with a message naming Rampart:Keys:Peppers.
var createdPepper = DevelopmentPepper.EnsureConfigured(builder.Configuration, builder.Environment);

// ---- Rampart: every security feature is registered here, in one place. ----------------------
// Settings come from the "Rampart" section of appsettings.json (prefix, header, cache, ...); the
// delegate below is for what code must decide.
builder.Services.AddRampart(options =>
{
    // Every endpoint needs a valid key unless it opts out with .AllowAnonymous().
    options.Authentication.RequireKeyByDefault = true;
});
//#if (UsePostgres)
// [store] PostgreSQL key store (package Rampart.PostgreSql, connection string "ConnectionStrings:Rampart").
// Until it is registered here, keys are kept in memory and vanish when the app stops.
//#else
// [store] Embedded SQLite key store (connection string "ConnectionStrings:Rampart").
// Until it is registered here, keys are kept in memory and vanish when the app stops.
//#endif
//#if (Redis)
// [redis] Distributed rate limits (package Rampart.Redis, connection string "ConnectionStrings:Redis").
//#endif
// ----------------------------------------------------------------------------------------------

var app = builder.Build();

if (createdPepper is not null)
{
    DevelopmentPepperLog.PepperCreated(app.Logger, DevelopmentPepper.ConfigurationKey, createdPepper);
}

app.UseRampart();

// Development only: a first key to call the API with, printed once.
await DevelopmentKey.IssueIfNoneAsync(app.Services, app.Environment, Console.Out);

app.MapHealthEndpoints();
app.MapOrderEndpoints();

await app.RunAsync();
