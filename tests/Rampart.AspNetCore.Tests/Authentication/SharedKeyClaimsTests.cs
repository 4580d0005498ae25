using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Authentication;

/// <summary>
/// A key's claims are made once per cached record and shared by its requests; what an app does to one
/// request's principal must stay in that request.
/// </summary>
public class SharedKeyClaimsTests
{
    [Fact]
    public void Claims_are_shared_on_this_framework()
        // If the framework's identity stops keeping its claims where they are handed over, every request
        // makes its own claims again; this says which of the two the measured figures are for.
        => Assert.True(KeyPrincipals.SharesClaims);

    [Fact]
    public void Each_principal_has_its_own_identity_and_list_around_the_same_claims()
    {
        var record = Record("org-1");
        var first = KeyPrincipals.For(record, RampartDefaults.AuthenticationScheme);
        var second = KeyPrincipals.For(record, RampartDefaults.AuthenticationScheme);

        Assert.NotSame(first, second);
        Assert.NotSame(first.Identity, second.Identity);
        Assert.Same(first.FindFirst(RampartClaimTypes.KeyId), second.FindFirst(RampartClaimTypes.KeyId));
        Assert.Equal(Pairs(first), Pairs(second));
        Assert.Equal("key one", first.Identity!.Name);
        Assert.True(first.Identity.IsAuthenticated);
        Assert.Equal(RampartDefaults.AuthenticationScheme, first.Identity.AuthenticationType);
        Assert.Equal(["orders:read", "orders:write"], first.FindAll(RampartClaimTypes.Scope).Select(c => c.Value));
    }

    [Fact]
    public void A_claim_or_identity_added_to_one_principal_is_not_on_the_next()
    {
        var record = Record("org-1");
        var first = KeyPrincipals.For(record, RampartDefaults.AuthenticationScheme);
        var before = Pairs(first);
        var identity = (ClaimsIdentity)first.Identity!;
        identity.AddClaim(new Claim(RampartClaimTypes.Scope, "admin:all"));
        identity.RemoveClaim(identity.FindFirst(RampartClaimTypes.Owner));
        first.AddIdentity(new ClaimsIdentity([new Claim(ClaimTypes.Role, "admin")], "Other"));

        var next = KeyPrincipals.For(record, RampartDefaults.AuthenticationScheme);

        Assert.Equal(before, Pairs(next));
        Assert.Single(next.Identities);
        Assert.False(next.HasClaim(RampartClaimTypes.Scope, "admin:all"));
        Assert.NotNull(next.FindFirst(RampartClaimTypes.Owner));
        Assert.True(first.HasClaim(RampartClaimTypes.Scope, "admin:all"));
        Assert.Null(first.FindFirst(RampartClaimTypes.Owner));
    }

    [Fact]
    public void A_copied_identity_carries_the_claims_each_cloned_with_writable_properties()
    {
        var principal = KeyPrincipals.For(Record("org-1"), RampartDefaults.AuthenticationScheme);
        var original = principal.FindFirst(RampartClaimTypes.KeyId)!;

        var copy = new ClaimsIdentity(principal.Identity, null, "Custom", RampartClaimTypes.KeyName, null);
        var cloned = new ClaimsPrincipal(principal.Clone().Identities);

        Assert.Equal(Pairs(principal), Pairs(new ClaimsPrincipal(copy)));
        Assert.Equal(Pairs(principal), Pairs(cloned));
        var copied = copy.FindFirst(RampartClaimTypes.KeyId)!;
        Assert.NotSame(original, copied);
        Assert.Same(copy, copied.Subject);
        copied.Properties["note"] = "mine";
        Assert.Equal("mine", copied.Properties["note"]);
        Assert.Empty(original.Properties);
        Assert.Equal("key one", copy.Name);
    }

    [Fact]
    public void A_shared_claim_refuses_property_writes_and_its_subject_refuses_claim_changes()
    {
        var record = Record("org-1");
        var claim = KeyPrincipals.For(record, RampartDefaults.AuthenticationScheme).FindFirst(RampartClaimTypes.KeyId)!;

        Assert.Empty(claim.Properties);
        Assert.False(claim.Properties.TryGetValue("x", out _));
        Assert.Throws<NotSupportedException>(() => claim.Properties["x"] = "y");
        Assert.Throws<NotSupportedException>(() => claim.Properties.Add("x", "y"));
        Assert.Throws<NotSupportedException>(() => claim.Properties.Clear());
        Assert.True(claim.Properties.IsReadOnly);

        var subject = claim.Subject!;
        Assert.Equal(RampartDefaults.AuthenticationScheme, subject.AuthenticationType);
        Assert.Equal("key one", subject.Name);
        Assert.Throws<InvalidOperationException>(() => subject.AddClaim(new Claim("x", "y")));
        Assert.Throws<InvalidOperationException>(() => subject.RemoveClaim(claim));
        Assert.Throws<InvalidOperationException>(() => subject.TryRemoveClaim(claim));
        Assert.Equal(Pairs(KeyPrincipals.For(record, RampartDefaults.AuthenticationScheme)), Pairs(new ClaimsPrincipal(subject)));
    }

    [Fact]
    public void Another_record_or_scheme_gets_its_own_claims()
    {
        var one = KeyPrincipals.For(Record("org-1"), RampartDefaults.AuthenticationScheme);
        var other = KeyPrincipals.For(Record("org-2"), RampartDefaults.AuthenticationScheme);
        var record = Record("org-1");
        var underApiKey = KeyPrincipals.For(record, RampartDefaults.AuthenticationScheme);
        var underOther = KeyPrincipals.For(record, "OtherScheme");

        Assert.Equal("org-1", one.FindFirst(RampartClaimTypes.Organization)!.Value);
        Assert.Equal("org-2", other.FindFirst(RampartClaimTypes.Organization)!.Value);
        Assert.Equal("OtherScheme", underOther.Identity!.AuthenticationType);
        Assert.Equal("OtherScheme", underOther.FindFirst(RampartClaimTypes.KeyId)!.Subject!.AuthenticationType);
        Assert.Equal(RampartDefaults.AuthenticationScheme, KeyPrincipals.For(record, RampartDefaults.AuthenticationScheme).Identity!.AuthenticationType);
        Assert.Equal(Pairs(underApiKey), Pairs(underOther));
    }

    [Fact]
    public async Task An_app_that_changes_the_user_changes_that_request_only_across_two_organisations()
    {
        await using var app = await RampartTestApp.StartAsync(map: web =>
        {
            RampartTestApp.MapDefaultEndpoints(web);
            web.MapGet("/tamper", (HttpContext context) =>
            {
                var identity = (ClaimsIdentity)context.User.Identity!;
                identity.AddClaim(new Claim(RampartClaimTypes.Scope, "admin:all"));
                identity.AddClaim(new Claim(RampartClaimTypes.Organization, "org-evil"));
                context.User.AddIdentity(new ClaimsIdentity([new Claim(ClaimTypes.Role, "admin")], "Added"));
                return context.User.Claims.Count();
            }).RequireScopes("orders:read");
        });
        var first = await app.CreateKeyInAsync("org-1", ["orders:read"], name: "first");
        var second = await app.CreateKeyInAsync("org-2", ["orders:read"], name: "second");

        var before = await WhoAmIAsync(app, first.Key);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.GetAsync("/tamper", first.Key)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.GetAsync("/tamper", second.Key)).StatusCode);
        var after = await WhoAmIAsync(app, first.Key);
        var secondAfter = await WhoAmIAsync(app, second.Key);

        Assert.Equal(before, after);
        Assert.DoesNotContain(after, c => c.Value is "admin:all" or "org-evil" or "admin");
        Assert.Contains(after, c => c.Type == RampartClaimTypes.Organization && c.Value == "org-1");
        Assert.Contains(secondAfter, c => c.Type == RampartClaimTypes.Organization && c.Value == "org-2");
        Assert.DoesNotContain(secondAfter, c => c.Value is "admin:all" or "org-evil" or "org-1" or "admin");
        Assert.Contains(secondAfter, c => c.Type == RampartClaimTypes.KeyName && c.Value == "second");
    }

    [Fact]
    public async Task A_claims_transformation_that_copies_the_identity_keeps_the_key_claims()
    {
        await using var app = await RampartTestApp.StartAsync(
            services: services => services.AddTransient<IClaimsTransformation, CopyingTransformation>(),
            map: web =>
            {
                web.MapGet("/whoami", (HttpContext context) => context.User.Claims.Select(c => new ClaimPair(c.Type, c.Value)))
                    .RequireAuthorization(policy => policy.AddAuthenticationSchemes(RampartDefaults.AuthenticationScheme).RequireClaim("custom", "yes"));
            });
        var created = await app.CreateKeyInAsync("org-1", ["orders:read"], name: "copied");

        var first = await WhoAmIAsync(app, created.Key);
        var second = await WhoAmIAsync(app, created.Key);

        Assert.Contains(first, c => c.Type == RampartClaimTypes.KeyName && c.Value == "copied");
        Assert.Contains(first, c => c.Type == RampartClaimTypes.Scope && c.Value == "orders:read");
        Assert.Single(first, c => c.Type == "custom");
        Assert.Equal(first, second);
    }

    private static async Task<ClaimPair[]> WhoAmIAsync(RampartTestApp app, string key)
    {
        var response = await app.GetAsync("/whoami", key);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ClaimPair[]>())!;
    }

    private static (string Type, string Value)[] Pairs(ClaimsPrincipal principal)
        => principal.Claims.Select(c => (c.Type, c.Value)).ToArray();

    private static ApiKeyRecord Record(string organization) => new()
    {
        Id = "k" + organization,
        Prefix = "ord",
        Name = "key one",
        Owner = "user-1",
        Organization = organization,
        Environment = ApiKeyEnvironment.Test,
        Scopes = ["orders:read", "orders:write"],
        Tier = "gold",
        CreatedAt = DateTimeOffset.UnixEpoch,
        Salt = [1, 2, 3],
        Hash = [4, 5, 6],
        PepperVersion = 1,
    };

    internal sealed record ClaimPair(string Type, string Value);

    private sealed class CopyingTransformation : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            if (principal.Identity is not { IsAuthenticated: true } identity)
            {
                return Task.FromResult(principal);
            }

            var copy = new ClaimsIdentity(identity, [new Claim("custom", "yes")], "Custom", RampartClaimTypes.KeyName, null);
            return Task.FromResult(new ClaimsPrincipal(copy));
        }
    }
}
