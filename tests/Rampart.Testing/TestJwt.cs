using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Rampart.Testing;

/// <summary>The real JWT bearer handler, trusting a signing key made for this test run only.</summary>
public sealed class TestJwt
{
    private const string Issuer = "https://issuer.test";
    private const string Audience = "orders-api";

    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32));

    public AuthenticationBuilder AddTo(AuthenticationBuilder builder)
        => builder.AddJwtBearer(options =>
        {
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                IssuerSigningKey = _key,
            };
        });

    /// <summary>A token valid now on the wall clock and on the test's fake clock, with <paramref name="claims"/> beside its subject.</summary>
    public string Issue(string subject = "alice", params Claim[] claims)
        => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), .. claims]),
            NotBefore = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            IssuedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Expires = DateTime.UtcNow.AddYears(2),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });

    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;
}
