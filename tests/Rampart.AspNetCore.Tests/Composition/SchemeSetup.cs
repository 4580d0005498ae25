using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.RateLimiting;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>How the app's authentication is set up before Rampart is added.</summary>
public enum Setup
{
    /// <summary><c>AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer()</c>.</summary>
    JwtDefault,

    /// <summary><c>AddAuthentication().AddJwtBearer()</c>: no default named.</summary>
    NoDefault,

    /// <summary>Rampart is the only authentication.</summary>
    RampartOnly,
}

/// <summary>What a request presents.</summary>
public enum Credential
{
    Key,
    Jwt,

    /// <summary>A key and a JWT, as two <c>Authorization</c> values.</summary>
    Both,
    None,
}

/// <summary>An app with one endpoint of each kind, set up one of the three ways.</summary>
internal static class SchemeSetup
{
    public const string RampartScoped = "/rampart";
    public const string Authorized = "/authorize";
    public const string EitherScheme = "/either";
    public const string Unannotated = "/open";

    public static readonly string[] Endpoints = [RampartScoped, Authorized, EitherScheme, Unannotated];

    public static async Task<(RampartTestApp App, string Key, string Jwt)> StartAsync(Setup setup, long burst = 100, Action<RampartOptions>? configure = null)
    {
        var jwt = new TestJwt();
        var app = await RampartTestApp.StartAsync(
            configure: options =>
            {
                options.RateLimits.Tiers["default"] = new RateLimitTierOptions
                {
                    Windows = { ["burst"] = new RateLimitWindowOptions { Limit = burst, Window = TimeSpan.FromSeconds(10) } },
                };
                configure?.Invoke(options);
            },
            services: services =>
            {
                switch (setup)
                {
                    case Setup.JwtDefault:
                        jwt.AddTo(services.AddAuthentication(TestJwt.Scheme));
                        break;
                    case Setup.NoDefault:
                        jwt.AddTo(services.AddAuthentication());
                        break;
                }
            },
            map: web =>
            {
                web.MapGet(RampartScoped, () => "ok").RequireScopes("orders:read");
                web.MapGet(Authorized, () => "ok").RequireAuthorization();
                web.MapGet(EitherScheme, () => "ok").RequireAuthorization(new AuthorizeAttribute
                {
                    AuthenticationSchemes = setup == Setup.RampartOnly ? "Rampart" : $"Rampart,{TestJwt.Scheme}",
                });
                web.MapGet(Unannotated, () => "ok");
            });
        var created = await app.CreateKeyAsync("orders:read");
        return (app, created.Key, jwt.Issue());
    }

    public static HttpRequestMessage Request(string path, Credential credential, string key, string jwt)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        switch (credential)
        {
            case Credential.Key:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                break;
            case Credential.Jwt:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
                break;
            case Credential.Both:
                request.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + key, "Bearer " + jwt]);
                break;
        }

        return request;
    }
}
