using System.Net;
using Microsoft.AspNetCore.Builder;
using Rampart.Stores.Tests.Infrastructure;

namespace Rampart.Stores.Tests.Tenancy;

/// <summary>RequireOrganization: the organisation named by a route value, a query parameter or a resolver must be the key's.</summary>
public class OrganizationBindingTests
{
    [Fact]
    public async Task The_named_organisation_must_be_the_keys_whichever_way_it_is_named()
    {
        await using var app = await StoresTestApp.StartAsync();
        var acme = await app.CreateKeyInAsync("acme", "orders:read");
        var staff = await app.CreateKeyInAsync("provider", "rampart:operator");

        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/reports?org=acme", acme.Key)).StatusCode);
        await Problems.AssertProblemAsync(await app.GetAsync("/reports?org=globex", acme.Key), HttpStatusCode.Forbidden, "organization_mismatch");
        await Problems.AssertProblemAsync(await app.GetAsync("/reports?org=acme&org=globex", acme.Key), HttpStatusCode.Forbidden, "organization_mismatch");
        await Problems.AssertProblemAsync(await app.GetAsync("/reports", acme.Key), HttpStatusCode.Forbidden, "organization_mismatch");
        await Problems.AssertProblemAsync(await app.GetAsync("/organizations/ACME/orders", acme.Key), HttpStatusCode.Forbidden, "organization_mismatch");
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/reports?org=globex", staff.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/reports?org=acme", null)).StatusCode);

        var own = new HttpRequestMessage(HttpMethod.Get, "/invoices") { Headers = { { "Authorization", $"Bearer {acme.Key}" }, { "X-Organization", "acme" } } };
        var other = new HttpRequestMessage(HttpMethod.Get, "/invoices") { Headers = { { "Authorization", $"Bearer {acme.Key}" }, { "X-Organization", "globex" } } };
        Assert.Equal("acme", await (await app.Client.SendAsync(own)).Content.ReadAsStringAsync());
        await Problems.AssertProblemAsync(await app.Client.SendAsync(other), HttpStatusCode.Forbidden, "organization_mismatch");
        await Problems.AssertProblemAsync(await app.GetAsync("/invoices", staff.Key), HttpStatusCode.Forbidden, "organization_mismatch");
    }

    [Fact]
    public async Task A_binding_without_exactly_one_source_fails_at_start()
    {
        await using var app = await StoresTestApp.StartAsync();

        Assert.Throws<InvalidOperationException>(() => app.App.MapGet("/x", () => "x").RequireOrganization());
        Assert.Throws<InvalidOperationException>(() => app.App.MapGet("/y", () => "y").RequireOrganization(fromRoute: "a", fromQuery: "b"));
        Assert.Throws<ArgumentException>(() => app.App.MapGet("/z", () => "z").RequireOrganization(fromRoute: "a", resolver: _ => "b"));
    }
}
