using CsCheck;
using Rampart.AspNetCore.Authorization;
using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Tests.Authorization;

/// <summary>
/// Scope coverage over random scope sets with wildcards: covered-by is a partial order on scopes (a
/// preorder on sets), it agrees exactly with what the sets let through as literal requests, and so
/// nothing is covered that a literal check would refuse.
/// </summary>
public class ScopeCoveragePropertyTests
{
    // Few part values, so random sets overlap often and the premises of the implications hold often.
    private static readonly string[] Parts = ["a", "b", "c", "*"];

    // Every literal request, with "z" standing for any part no generated scope names.
    private static readonly string[] Literals =
        [.. from resource in new[] { "a", "b", "c", "z" } from action in new[] { "a", "b", "c", "z" } select $"{resource}:{action}"];

    private static readonly Gen<string> Scope = Gen.Select(Gen.Int[0, Parts.Length - 1], Gen.Int[0, Parts.Length - 1], (resource, action) => $"{Parts[resource]}:{Parts[action]}");

    private static readonly Gen<string[]> ScopeSet = Scope.Array[0, 4];

    private static bool Lets(IReadOnlyList<string> held, string literal) => held.Any(scope => ApiScope.Covers(scope, literal));

    private static bool LetsThroughAtLeast(IReadOnlyList<string> a, IReadOnlyList<string> b) => Literals.All(literal => !Lets(b, literal) || Lets(a, literal));

    [Fact]
    public void Coverage_is_reflexive_and_transitive_on_sets_and_antisymmetric_on_scopes()
    {
        ScopeSet.Sample(set => ScopeCoverage.CoversAll(set, set), iter: 20_000);

        var chains = 0;
        Gen.Select(ScopeSet, ScopeSet, ScopeSet).Sample((a, b, c) =>
        {
            if (ScopeCoverage.CoversAll(a, b) && ScopeCoverage.CoversAll(b, c))
            {
                Interlocked.Increment(ref chains);
                return ScopeCoverage.CoversAll(a, c);
            }

            return true;
        }, iter: 50_000);
        Assert.True(chains > 1_000, $"Only {chains} covering chains were generated.");

        Gen.Select(Scope, Scope).Sample((x, y) => !(ApiScope.Covers(x, y) && ApiScope.Covers(y, x)) || x == y, iter: 20_000);
    }

    [Fact]
    public void A_set_covers_another_exactly_when_it_lets_through_every_literal_request_the_other_does()
    {
        var covering = 0;
        Gen.Select(ScopeSet, ScopeSet).Sample((a, b) =>
        {
            var covers = ScopeCoverage.CoversAll(a, b);
            if (covers)
            {
                Interlocked.Increment(ref covering);
            }

            // Sound: nothing is covered that a literal check would refuse. Complete: nothing is refused that would add no power.
            return covers == LetsThroughAtLeast(a, b);
        }, iter: 50_000);
        Assert.True(covering > 1_000, $"Only {covering} covering pairs were generated.");
    }

    [Theory]
    [InlineData("orders:*", "orders:read", true)]
    [InlineData("orders:*", "orders:*", true)]
    [InlineData("*:*", "orders:*", true)]
    [InlineData("*:read", "orders:read", true)]
    [InlineData("orders:read", "orders:*", false)]
    [InlineData("orders:read", "*:read", false)]
    [InlineData("orders:*", "*:*", false)]
    [InlineData("orders:read", "orders:write", false)]
    [InlineData("orders:read", "orders:read", true)]
    public void Wildcards_are_compared_part_by_part(string held, string granted, bool covered)
        => Assert.Equal(covered, ScopeCoverage.Covers([held], granted));

    [Fact]
    public void The_first_uncovered_scope_is_found_by_position()
    {
        Assert.Equal(-1, ScopeCoverage.FirstUncovered(["orders:*"], ["orders:read", "orders:write"]));
        Assert.Equal(1, ScopeCoverage.FirstUncovered(["orders:*"], ["orders:read", "billing:read", "*:*"]));
        Assert.Equal(0, ScopeCoverage.FirstUncovered([], ["orders:read"]));
    }
}
