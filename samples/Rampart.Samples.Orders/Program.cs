using System.Security.Claims;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Hosting;
using Rampart.AspNetCore.Management;
using Rampart.Samples.Orders;
using Rampart.AspNetCore.Audit;

var builder = WebApplication.CreateBuilder(args);

// Development only: makes a pepper on first run and keeps it in user-secrets, never in a file here.
builder.EnsureRampartDevelopmentPepper();

// TLS 1.2 at least, 1.3 preferred, on every HTTPS endpoint.
builder.WebHost.UseRampartTls();

// Keys in the embedded SQLite store, scopes, rate limits per tier and organisation, redacted
// audit records, HTTPS only with HSTS: all from the "Rampart" section of appsettings.json.
builder.Services.AddRampart();
builder.Services.AddSingleton<OrderBook>();

var app = builder.Build();

// "dotnet run -- keys create --name ci --scopes orders:read" and friends manage keys offline.
if (await app.RunRampartCommandAsync(args))
{
    return;
}

app.UseRampart();

var orders = app.MapGroup("/orders");
orders.MapGet("/", (ClaimsPrincipal user, OrderBook book) => book.List(Organization(user)))
    .RequireScopes("orders:read");
orders.MapGet("/{id:int}", (int id, ClaimsPrincipal user, OrderBook book) =>
        book.Find(Organization(user), id) is { } order ? Results.Ok(order) : Results.NotFound())
    .RequireScopes("orders:read");
orders.MapPost("/", (PlaceOrder request, ClaimsPrincipal user, OrderBook book, TimeProvider time) =>
    {
        if (string.IsNullOrWhiteSpace(request.Product) || request.Quantity is < 1 or > 1000)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["order"] = ["A product and a quantity from 1 to 1000 are required."] });
        }

        var order = book.Place(Organization(user), request, time.GetUtcNow());
        return Results.Created($"/orders/{order.Id}", order);
    })
    .RequireScopes("orders:write")
    .RateLimitCost(2)
    .LogBodies();
orders.MapPost("/{id:int}/cancel", (int id, ClaimsPrincipal user, OrderBook book) =>
        book.Cancel(Organization(user), id) is { } order ? Results.Ok(order) : Results.NotFound())
    .RequireScopes("orders:write");

// Key management for holders of "rampart:admin", and the recent audit records.
app.MapRampartKeys("/admin/keys");
app.MapGet("/admin/audit", async (IAuditStore audit, TimeProvider time, int? minutes) =>
    {
        var now = time.GetUtcNow();
        return await audit.ListAsync(now.AddMinutes(-Math.Clamp(minutes ?? 10, 1, 1440)), now.AddSeconds(1), limit: 200);
    })
    .RequireScopes("rampart:admin");

app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous().ExemptFromRateLimits();

await CreateFirstAdminKeyAsync(app);
await app.RunAsync();

static string Organization(ClaimsPrincipal user) => user.FindFirstValue(RampartClaimTypes.Organization)!;

// On first start there is no key yet: make an admin key and show it once, on the console only.
static async Task CreateFirstAdminKeyAsync(WebApplication app)
{
    var keys = app.Services.GetRequiredService<IApiKeyManager>();
    var existing = await keys.ListAsync(new() { PageSize = 1 });
    if (existing.Items.Count > 0)
    {
        return;
    }

    var admin = await keys.CreateAsync(new ApiKeyCreateRequest
    {
        Name = "first admin key",
        Owner = "admin",
        Organization = "acme",
        Scopes = ["orders:*", "rampart:admin"],
        Tier = "pro",
    });
    Console.WriteLine();
    Console.WriteLine("First start: an admin key was created. It is shown this once and cannot be recovered:");
    Console.WriteLine();
    Console.WriteLine($"    {admin.Key}");
    Console.WriteLine();
}
