using System.Runtime.CompilerServices;
using System.Security.Claims;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Makes the principal of an accepted key. The key's claims are made once per cached record and
/// shared; every request still gets its own <see cref="ClaimsPrincipal"/> and its own
/// <see cref="ClaimsIdentity"/> with its own list of claims, so an app that adds or removes a claim,
/// adds an identity or replaces <c>HttpContext.User</c> changes that request only.
/// </summary>
/// <remarks>
/// <para>What sharing means, and what keeps it safe:</para>
/// <list type="bullet">
/// <item>A <see cref="Claim"/> is immutable but for <see cref="Claim.Properties"/>: the shared claims'
/// properties are read-only (a write throws <see cref="NotSupportedException"/> instead of reaching every
/// other request of the key, or racing with them).</item>
/// <item>A shared claim's <see cref="Claim.Subject"/> is an identity made with it, holding the same
/// claims, authentication type and name and role claim types as the request's identity, and refusing
/// new or removed claims; it is not the request's identity itself.</item>
/// <item>Copies (<c>new ClaimsIdentity(User.Identity, …)</c>, <see cref="ClaimsPrincipal.Clone"/>,
/// claims transformation) copy the claims as they always did: each is cloned for its new identity,
/// with properties of its own that may be written.</item>
/// </list>
/// <para>A <see cref="ClaimsIdentity"/> keeps its claims in a private list that its public members
/// fill only by cloning every claim not made for it; the request's identity is handed the shared
/// claims through that list. If the framework ever stops having it, every request makes its claims
/// as before (<see cref="SharesClaims"/>).</para>
/// </remarks>
internal static class KeyPrincipals
{
    private static readonly ConditionalWeakTable<ApiKeyRecord, SharedClaims> Shared = [];

    /// <summary>Whether claims are shared on this framework (its identities keep the list they are read from).</summary>
    public static bool SharesClaims { get; } = ProbeClaimList();

    public static ClaimsPrincipal For(ApiKeyRecord record, string scheme)
    {
        if (!SharesClaims)
        {
            var own = new ClaimsIdentity(scheme, RampartClaimTypes.KeyName, roleType: null);
            AddClaims(own, record, static (identity, claim) => identity.AddClaim(claim));
            return new ClaimsPrincipal(own);
        }

        if (!Shared.TryGetValue(record, out var shared) || !string.Equals(shared.Scheme, scheme, StringComparison.Ordinal))
        {
            // Two requests may race to make them: either's claims are the same, and the table keeps one.
            shared = new SharedClaims(record, scheme);
            Shared.AddOrUpdate(record, shared);
        }

        var identity = new ClaimsIdentity(scheme, RampartClaimTypes.KeyName, roleType: null);
        var claims = InstanceClaims(identity);
        claims.Capacity = shared.Claims.Length;
        claims.AddRange(shared.Claims);
        return new ClaimsPrincipal(identity);
    }

    private static void AddClaims(ClaimsIdentity identity, ApiKeyRecord record, Action<ClaimsIdentity, Claim> add)
    {
        Add(identity, add, RampartClaimTypes.KeyId, record.Id);
        Add(identity, add, RampartClaimTypes.KeyName, record.Name);
        Add(identity, add, RampartClaimTypes.Owner, record.Owner);
        Add(identity, add, RampartClaimTypes.Organization, record.Organization);
        Add(identity, add, RampartClaimTypes.Environment, ApiKeyParser.EnvironmentText(record.Environment));
        if (record.Tier is not null)
        {
            Add(identity, add, RampartClaimTypes.Tier, record.Tier);
        }

        // By index: a foreach over the lists' interface allocates an enumerator each.
        var scopes = record.EffectiveScopes ?? record.Scopes;
        for (var i = 0; i < scopes.Count; i++)
        {
            Add(identity, add, RampartClaimTypes.Scope, scopes[i]);
        }

        var roles = record.Roles;
        for (var i = 0; i < roles.Count; i++)
        {
            Add(identity, add, RampartClaimTypes.Role, roles[i]);
        }
    }

    // A claim made with its identity as subject is added as is; any other is cloned on the way in.
    private static void Add(ClaimsIdentity identity, Action<ClaimsIdentity, Claim> add, string type, string value)
        => add(identity, new Claim(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));

    private static bool ProbeClaimList()
    {
        try
        {
            // The list must be the one the identity's members read and copy from.
            var identity = new ClaimsIdentity("probe");
            var claim = new Claim("probe", "probe");
            InstanceClaims(identity).Add(claim);
            var copy = new ClaimsIdentity(identity, null, "copy", null, null);
            var properties = new Claim("probe", "probe");
            PropertiesOf(properties) = new ReadOnlyProperties();
            return ReferenceEquals(identity.FindFirst("probe"), claim)
                && copy.FindFirst("probe") is { Value: "probe" } copied && !ReferenceEquals(copied, claim)
                && properties.Properties is ReadOnlyProperties;
        }
        catch (MissingMemberException)
        {
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_instanceClaims")]
    private static extern ref List<Claim> InstanceClaims(ClaimsIdentity identity);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_properties")]
    private static extern ref Dictionary<string, string>? PropertiesOf(Claim claim);

    /// <summary>The claims of one record under one scheme, with the identity that is their subject.</summary>
    private sealed class SharedClaims
    {
        public SharedClaims(ApiKeyRecord record, string scheme)
        {
            Scheme = scheme;
            var subject = new SharedClaimsIdentity(scheme);
            AddClaims(subject, record, static (identity, claim) => ((SharedClaimsIdentity)identity).AddShared(claim));
            subject.Freeze();
            var claims = new Claim[subject.Count];
            var i = 0;
            foreach (var claim in subject.Claims)
            {
                claims[i++] = claim;
            }

            Claims = claims;
        }

        public string Scheme { get; }

        public Claim[] Claims { get; }
    }

    /// <summary>The subject of shared claims: their own identity, which refuses changes to its claims.</summary>
    private sealed class SharedClaimsIdentity(string scheme) : ClaimsIdentity(scheme, RampartClaimTypes.KeyName, roleType: null)
    {
        private bool _frozen;

        public int Count => InstanceClaims(this).Count;

        public void AddShared(Claim claim)
        {
            PropertiesOf(claim) = new ReadOnlyProperties();
            base.AddClaim(claim);
        }

        public void Freeze() => _frozen = true;

        public override void AddClaim(Claim claim)
        {
            Refuse();
            base.AddClaim(claim);
        }

        public override void AddClaims(IEnumerable<Claim?> claims)
        {
            Refuse();
            base.AddClaims(claims);
        }

        public override void RemoveClaim(Claim? claim)
        {
            Refuse();
            base.RemoveClaim(claim);
        }

        public override bool TryRemoveClaim(Claim? claim)
        {
            Refuse();
            return base.TryRemoveClaim(claim);
        }

        private void Refuse()
        {
            if (_frozen)
            {
                throw new InvalidOperationException(
                    "This identity is the subject of claims shared by every request of one key; change the request's own identity (HttpContext.User.Identity) instead.");
            }
        }
    }

    /// <summary>
    /// The properties of a shared claim: empty, and read-only through <see cref="IDictionary{TKey, TValue}"/>,
    /// the type through which <see cref="Claim.Properties"/> hands them out.
    /// </summary>
    private sealed class ReadOnlyProperties : Dictionary<string, string>, IDictionary<string, string>, ICollection<KeyValuePair<string, string>>
    {
        private const string Message = "The properties of a key's claims are shared by every request of the key and cannot be changed; clone the claim to change its properties.";

        bool ICollection<KeyValuePair<string, string>>.IsReadOnly => true;

        string IDictionary<string, string>.this[string key]
        {
            get => this[key];
            set => throw new NotSupportedException(Message);
        }

        void IDictionary<string, string>.Add(string key, string value) => throw new NotSupportedException(Message);

        bool IDictionary<string, string>.Remove(string key) => throw new NotSupportedException(Message);

        void ICollection<KeyValuePair<string, string>>.Add(KeyValuePair<string, string> item) => throw new NotSupportedException(Message);

        void ICollection<KeyValuePair<string, string>>.Clear() => throw new NotSupportedException(Message);

        bool ICollection<KeyValuePair<string, string>>.Remove(KeyValuePair<string, string> item) => throw new NotSupportedException(Message);
    }
}
