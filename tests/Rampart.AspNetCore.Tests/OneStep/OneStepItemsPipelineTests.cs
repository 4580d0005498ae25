using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Rampart.AspNetCore.OneStep;
using Rampart.Testing;

namespace Rampart.AspNetCore.Tests.OneStep;

/// <summary>
/// <c>HttpContext.Items</c> on requests served in one step, with the app's own middleware using
/// them before and after Rampart's: the same entries in the same order, seen by the same readers,
/// as with the framework's middleware; the one-step path's items only when nothing had used the
/// items before it.
/// </summary>
public class OneStepItemsPipelineTests
{
    private const string Route = "/items";
    private const string AuthorizationRan = OneStepItems.AuthorizationRanKey;

    // Untouched before Rampart: the request's items start as the one-step items. Used before Rampart
    // (read, and an entry written): they stay the app's object, with every entry.
    [Theory]
    [InlineData(false, true, AuthorizationRan + ",first,second", "second=2 count=3")]
    [InlineData(true, false, "outer," + AuthorizationRan + ",first,second", "same object, second=2 count=4")]
    public async Task Items_read_as_the_framework_s_and_start_as_the_one_step_items_only_when_nothing_used_them_before(
        bool outerReadsFirst, bool oneStepItems, string keys, string outer)
    {
        var on = await OnAsOffAsync(outerReadsFirst);

        Assert.Equal(oneStepItems, on.Type == nameof(OneStepItems));
        Assert.Equal(keys, on.Keys);
        Assert.Equal(outer, on.Outer);
    }

    // What the endpoint and the outer middleware see with the path on, checked against the path off.
    private static async Task<(string Type, string Keys, string Outer)> OnAsOffAsync(bool outerReadsFirst)
    {
        var on = await RunAsync(oneStep: true, outerReadsFirst);
        var off = await RunAsync(oneStep: false, outerReadsFirst);
        Assert.Equal(off.Keys, on.Keys);
        Assert.Equal(off.Outer, on.Outer);
        return on;
    }

    private static async Task<(string Type, string Keys, string Outer)> RunAsync(bool oneStep, bool outerReadsFirst)
    {
        await using var host = await RampartTestHost.StartAsync(new RampartTestHostOptions
        {
            Configure = options => options.Authentication.OneStep = oneStep,
            BeforeRampart = web => web.Use(async (context, next) =>
            {
                var held = outerReadsFirst ? context.Items : null;
                if (held is not null)
                {
                    held["outer"] = 0;
                }

                context.Response.OnStarting(() =>
                {
                    var items = context.Items;
                    var prefix = held is null ? "" : ReferenceEquals(held, items) ? "same object, " : "another object, ";
                    context.Response.Headers["X-Outer"] = $"{prefix}second={items["second"]} count={items.Count}";
                    return Task.CompletedTask;
                });
                await next(context);
            }),
            Map = web => web.MapGet(Route, (HttpContext context) =>
            {
                var type = context.Features.Get<IItemsFeature>()?.GetType().Name ?? "(none)";
                context.Items["first"] = 1;
                context.Items.Add("second", 2);
                return Results.Ok(new { type, keys = string.Join(",", context.Items.Keys) });
            }).RequireScopes("orders:read"),
        });

        var key = await host.CreateKeyInAsync("org-1", ["orders:read"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, Route);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (body.GetProperty("type").GetString()!, body.GetProperty("keys").GetString()!, string.Join(",", response.Headers.GetValues("X-Outer")));
    }
}
