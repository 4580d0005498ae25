using System.Security.Claims;

namespace Rampart.AspNetCore.Authentication;

/// <summary>
/// Walks a principal's identities and an identity's claims without allocating: both are lists for
/// principals made the usual way (<see cref="ClaimsPrincipal.Identities"/> and, with no external claim
/// providers, <see cref="ClaimsIdentity.Claims"/>), and a <c>foreach</c> over them as
/// <see cref="IEnumerable{T}"/> boxes an enumerator each time. Anything else is enumerated as usual,
/// so the order and the items seen are exactly those of a <c>foreach</c>.
/// </summary>
internal static class ClaimsWalk
{
    public static Items<ClaimsIdentity> IdentitiesOf(ClaimsPrincipal user) => new(user.Identities);

    public static Items<Claim> ClaimsOf(ClaimsIdentity identity) => new(identity.Claims);

    public readonly struct Items<T>(IEnumerable<T> source)
    {
        public Enumerator GetEnumerator() => new(source);

        public struct Enumerator(IEnumerable<T> source) : IDisposable
        {
            private readonly IReadOnlyList<T>? _list = source as IReadOnlyList<T>;
            private readonly IEnumerator<T>? _other = source is IReadOnlyList<T> ? null : source.GetEnumerator();
            private int _index = -1;

            public readonly T Current => _list is not null ? _list[_index] : _other!.Current;

            public bool MoveNext() => _list is not null ? ++_index < _list.Count : _other!.MoveNext();

            public readonly void Dispose() => _other?.Dispose();
        }
    }
}
