using System.Security.Claims;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// The key's claims read from a principal in one pass, each as <see cref="ClaimsPrincipal.FindFirst(string)"/>
/// would find it (the first of its type across the identities). The rate limiter and the audit
/// record each need several; a <c>FindFirst</c> apiece walks the claims, and allocates, every time.
/// </summary>
internal readonly record struct KeyClaims(string? KeyId, string? KeyName, string? Organization, string? Environment, string? Tier)
{
    public static KeyClaims From(ClaimsPrincipal user)
    {
        string? keyId = null, keyName = null, organization = null, environment = null, tier = null;
        foreach (var identity in ClaimsWalk.IdentitiesOf(user))
        {
            foreach (var claim in ClaimsWalk.ClaimsOf(identity))
            {
                switch (claim.Type)
                {
                    case RampartClaimTypes.KeyId:
                        keyId ??= claim.Value;
                        break;
                    case RampartClaimTypes.KeyName:
                        keyName ??= claim.Value;
                        break;
                    case RampartClaimTypes.Organization:
                        organization ??= claim.Value;
                        break;
                    case RampartClaimTypes.Environment:
                        environment ??= claim.Value;
                        break;
                    case RampartClaimTypes.Tier:
                        tier ??= claim.Value;
                        break;
                }
            }
        }

        return new(keyId, keyName, organization, environment, tier);
    }
}
