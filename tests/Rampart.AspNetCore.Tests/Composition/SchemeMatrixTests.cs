using System.Net;
using System.Text.Json;
using static Rampart.AspNetCore.Tests.Composition.SchemeSetup;

namespace Rampart.AspNetCore.Tests.Composition;

/// <summary>
/// Every combination of set-up × credential × endpoint kind, against the real JWT bearer handler:
/// status, every <c>WWW-Authenticate</c> challenge, the problem body, and the rate-limit fields.
/// </summary>
public class SchemeMatrixTests
{
    /// <summary>
    /// A challenge: <c>R</c> is Rampart's (realm "api"), <c>J</c> the JWT handler's, each with its
    /// RFC 6750 error after a colon when it names one.
    /// </summary>
    public sealed record Expected(int Status, string[] Challenges, string? Problem, bool Limited);

    private static readonly Dictionary<(string Endpoint, Credential Credential), Expected> RampartOnlyRows = new()
    {
        // Rampart is the default scheme and the fallback policy: every endpoint wants a key.
        [(RampartScoped, Credential.Key)] = new(200, [], null, true),
        [(RampartScoped, Credential.Jwt)] = new(401, ["R:invalid_token"], "malformed_key", false),
        [(RampartScoped, Credential.Both)] = new(400, ["R:invalid_request"], "multiple_credentials", false),
        [(RampartScoped, Credential.None)] = new(401, ["R"], "missing_credentials", false),
        [(Authorized, Credential.Key)] = new(200, [], null, true),
        [(Authorized, Credential.Jwt)] = new(401, ["R:invalid_token"], "malformed_key", false),
        [(Authorized, Credential.Both)] = new(400, ["R:invalid_request"], "multiple_credentials", false),
        [(Authorized, Credential.None)] = new(401, ["R"], "missing_credentials", false),
        [(EitherScheme, Credential.Key)] = new(200, [], null, true),
        [(EitherScheme, Credential.Jwt)] = new(401, ["R:invalid_token"], "malformed_key", false),
        [(EitherScheme, Credential.Both)] = new(400, ["R:invalid_request"], "multiple_credentials", false),
        [(EitherScheme, Credential.None)] = new(401, ["R"], "missing_credentials", false),
        [(Unannotated, Credential.Key)] = new(200, [], null, true),
        [(Unannotated, Credential.Jwt)] = new(401, ["R:invalid_token"], "malformed_key", false),
        [(Unannotated, Credential.Both)] = new(400, ["R:invalid_request"], "multiple_credentials", false),
        [(Unannotated, Credential.None)] = new(401, ["R"], "missing_credentials", false),
    };

    // With JWT named as the default, or as the only other scheme and no default named (ASP.NET
    // Core then makes it the default, and Rampart keeps it so): the same answers.
    private static readonly Dictionary<(string Endpoint, Credential Credential), Expected> BesideJwtRows = new()
    {
        // A JWT is not in the key grammar: Rampart leaves it, and asks for a key.
        [(RampartScoped, Credential.Key)] = new(200, [], null, true),
        [(RampartScoped, Credential.Jwt)] = new(401, ["R"], "missing_credentials", false),
        [(RampartScoped, Credential.Both)] = new(400, ["R:invalid_request"], "multiple_credentials", false),
        [(RampartScoped, Credential.None)] = new(401, ["R"], "missing_credentials", false),

        // The app's own [Authorize] endpoints answer as the JWT handler always did; a key sent
        // there is still counted against its limits.
        [(Authorized, Credential.Key)] = new(401, ["J:invalid_token"], null, true),
        [(Authorized, Credential.Jwt)] = new(200, [], null, false),
        [(Authorized, Credential.Both)] = new(401, ["J:invalid_token"], null, false),
        [(Authorized, Credential.None)] = new(401, ["J"], null, false),

        // Either scheme: one response holding both challenges and Rampart's one problem body.
        [(EitherScheme, Credential.Key)] = new(200, [], null, true),
        [(EitherScheme, Credential.Jwt)] = new(200, [], null, false),
        [(EitherScheme, Credential.Both)] = new(400, ["R:invalid_request", "J:invalid_token"], "multiple_credentials", false),
        [(EitherScheme, Credential.None)] = new(401, ["R", "J"], "missing_credentials", false),

        // Unannotated endpoints stay public, as before Rampart; keys are limited there too.
        [(Unannotated, Credential.Key)] = new(200, [], null, true),
        [(Unannotated, Credential.Jwt)] = new(200, [], null, false),
        [(Unannotated, Credential.Both)] = new(200, [], null, false),
        [(Unannotated, Credential.None)] = new(200, [], null, false),
    };

    public static TheoryData<Setup, string, Credential> Matrix()
    {
        var data = new TheoryData<Setup, string, Credential>();
        foreach (var setup in Enum.GetValues<Setup>())
        {
            foreach (var endpoint in Endpoints)
            {
                foreach (var credential in Enum.GetValues<Credential>())
                {
                    data.Add(setup, endpoint, credential);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_combination_answers_with_its_status_challenges_body_and_limits(Setup setup, string endpoint, Credential credential)
    {
        var expected = (setup == Setup.RampartOnly ? RampartOnlyRows : BesideJwtRows)[(endpoint, credential)];
        var (app, key, jwt) = await SchemeSetup.StartAsync(setup);
        await using var _ = app;

        var response = await app.Client.SendAsync(Request(endpoint, credential, key, jwt));

        Assert.Equal(expected.Status, (int)response.StatusCode);
        var challenges = response.Headers.WwwAuthenticate.Select(Describe).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Challenges.Order(StringComparer.Ordinal).ToArray(), challenges);

        var body = await response.Content.ReadAsStringAsync();
        if (expected.Problem is null)
        {
            Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(expected.Problem, problem.GetProperty("code").GetString());
            Assert.Equal(expected.Status, problem.GetProperty("status").GetInt32());
        }

        Assert.Equal(expected.Limited, response.Headers.Contains("RateLimit-Policy"));
        if (expected.Limited)
        {
            Assert.StartsWith("\"burst\";r=99;t=", Assert.Single(response.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        // Nothing threw: no "response has already started", no unhandled exception (the JWT handler
        // logs its own token failures at Information, with their exception).
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error || r.Exception is InvalidOperationException);
    }

    [Theory]
    [MemberData(nameof(EveryEndpointOfEverySetup))]
    public async Task No_setup_leaves_a_key_unlimited_and_the_429_comes_exactly_after_the_limit(Setup setup, string endpoint)
    {
        const int limit = 3;
        var (app, key, jwt) = await SchemeSetup.StartAsync(setup, burst: limit);
        await using var _ = app;

        for (var i = 1; i <= limit; i++)
        {
            var admitted = await app.Client.SendAsync(Request(endpoint, Credential.Key, key, jwt));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, admitted.StatusCode);
            Assert.StartsWith($"\"burst\";r={limit - i};t=", Assert.Single(admitted.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        var refused = await app.Client.SendAsync(Request(endpoint, Credential.Key, key, jwt));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("\"burst\";q=3;w=10", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")), StringComparison.Ordinal);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
    }

    public static TheoryData<Setup, string> EveryEndpointOfEverySetup()
    {
        var data = new TheoryData<Setup, string>();
        foreach (var setup in Enum.GetValues<Setup>())
        {
            foreach (var endpoint in Endpoints)
            {
                data.Add(setup, endpoint);
            }
        }

        return data;
    }

    private static string Describe(System.Net.Http.Headers.AuthenticationHeaderValue challenge)
    {
        Assert.Equal("Bearer", challenge.Scheme);
        var parameter = challenge.Parameter ?? string.Empty;
        var source = parameter.Contains("realm=\"api\"", StringComparison.Ordinal) ? "R" : "J";
        var error = System.Text.RegularExpressions.Regex.Match(parameter, "error=\"([a-z_]+)\"");
        return error.Success ? $"{source}:{error.Groups[1].Value}" : source;
    }
}
