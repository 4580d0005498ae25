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

    [Fact]
    public async Task Items_untouched_before_rampart_start_as_the_one_step_items_and_read_as_the_framework_s()
    {
        var on = await RunAsync(oneStep: true, outerReadsFirst: false);
        var off = await RunAsync(oneStep: false, outerReadsFirst: false);

        Assert.Equal("OneStepItems", on.Type);
        Assert.Equal(off.Keys, on.Keys);
        Assert.Equal($"{OneStepItems.AuthorizationRanKey},first,second", on.Keys);
        Assert.Equal(off.Outer, on.Outer);
        Assert.Equal("second=2 count=3", on.Outer);
    }

    [Fact]
    public async Task Items_an_app_middleware_used_before_rampart_stay_the_same_object_with_every_entry()
    {
        var on = await RunAsync(oneStep: true, outerReadsFirst: true);
        var off = await RunAsync(oneStep: false, outerReadsFirst: true);

        Assert.NotEqual("OneStepItems", on.Type);
        Assert.Equal(off.Keys, on.Keys);
        Assert.Equal($"outer,{OneStepItems.AuthorizationRanKey},first,second", on.Keys);
        Assert.Equal(off.Outer, on.Outer);
        Assert.Equal("same object, second=2 count=4", on.Outer);
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
