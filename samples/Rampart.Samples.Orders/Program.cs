using Rampart.AspNetCore.Hosting;
using Rampart.AspNetCore.Management;
using Rampart.Samples.Orders;

var builder = WebApplication.CreateBuilder(args);

// Development only: makes a pepper on first run and keeps it in user-secrets, never in a file here.
builder.EnsureRampartDevelopmentPepper();

// HTTPS on localhost:5001 unless the address is chosen the usual ASP.NET Core ways:
// --urls, ASPNETCORE_URLS, ASPNETCORE_HTTPS_PORTS or Kestrel:Endpoints.
if (string.IsNullOrEmpty(builder.Configuration["urls"])
    && string.IsNullOrEmpty(builder.Configuration["https_ports"])
    && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls("https://localhost:5001");
}

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

// Every order endpoint reads the caller's organisation from its key (HttpContext.GetRampartKey()),
// so each organisation sees and changes only its own orders.
var orders = app.MapGroup("/orders");
orders.MapGet("/", (HttpContext context, OrderBook book) => book.List(Organization(context)))
    .RequireScopes("orders:read");
orders.MapGet("/{id:int}", (int id, HttpContext context, OrderBook book) =>
        book.Find(Organization(context), id) is { } order ? Results.Ok(order) : Results.NotFound())
    .RequireScopes("orders:read");
orders.MapPost("/", (PlaceOrder request, HttpContext context, OrderBook book, TimeProvider time) =>
    {
        if (string.IsNullOrWhiteSpace(request.Product) || request.Quantity is < 1 or > 1000)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["order"] = ["A product and a quantity from 1 to 1000 are required."] });
        }

        var order = book.Place(Organization(context), request, time.GetUtcNow());
        return Results.Created($"/orders/{order.Id}", order);
    })
    .RequireScopes("orders:write")
    .RateLimitCost(2)
    .LogBodies();
orders.MapPost("/{id:int}/cancel", (int id, HttpContext context, OrderBook book) =>
        book.Cancel(Organization(context), id) is { } order ? Results.Ok(order) : Results.NotFound())
    .RequireScopes("orders:write");

// Where a route names the organisation, the route is bound to it: a key of another organisation is
// refused with 403 before the handler runs.
var organizationOrders = app.MapGroup("/organizations/{orgId}/orders").RequireOrganization(fromRoute: "orgId");
organizationOrders.MapGet("/", (string orgId, OrderBook book) => book.List(orgId))
    .RequireScopes("orders:read");
organizationOrders.MapGet("/{id:int}", (string orgId, int id, OrderBook book) =>
        book.Find(orgId, id) is { } order ? Results.Ok(order) : Results.NotFound())
    .RequireScopes("orders:read");

// Key management and audit reads: an organisation's administrators ("rampart:admin") act on their
// own organisation only; operators ("rampart:operator") across organisations, recorded in the admin log.
app.MapRampartKeys("/admin/keys");
app.MapRampartAudit("/admin/audit");

app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous().ExemptFromRateLimits();

await CreateFirstAdminKeyAsync(app);
await app.RunAsync();

static string Organization(HttpContext context) => context.GetRampartKey()!.Organization;

// On first start there is no key yet: make the operator's key (the API provider's own staff, who
// set up each organisation's administrators) and show it once, on the console only.
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
        Scopes = ["orders:*", "rampart:admin", "rampart:operator"],
        Tier = "pro",
    });
    Console.WriteLine();
    Console.WriteLine("First start: an admin key with the operator authority was created. It is shown this once and cannot be recovered:");
    Console.WriteLine();
    Console.WriteLine($"    {admin.Key}");
    Console.WriteLine();
}
