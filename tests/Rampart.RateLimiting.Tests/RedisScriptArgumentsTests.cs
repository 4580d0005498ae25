using Rampart.AspNetCore.RateLimiting;
using Rampart.Redis.RateLimiting;

namespace Rampart.RateLimiting.Tests;

public class RedisScriptArgumentsTests
{
    private static readonly RateLimitPolicySet KeyPolicies = new(
    [
        new RateLimitPolicy("burst", RateLimitScope.Key, false, 10, 10),
        new RateLimitPolicy("day", RateLimitScope.Key, false, 1000, 86_400),
    ]);

    private static readonly RateLimitPolicySet OrganizationPolicies = new(
    [
        new RateLimitPolicy("org.minute", RateLimitScope.Organization, false, 100, 60),
    ]);

    [Fact]
    public void Arguments_for_cost_1_are_built_once_per_pair_of_policy_sets_and_hold_every_policy()
    {
        var arguments = new RedisScriptArguments("rl:");
        var first = arguments.Values(new RateLimitSubject("key000000001", "org-a", KeyPolicies, OrganizationPolicies, 1));
        var second = arguments.Values(new RateLimitSubject("key000000002", "org-b", KeyPolicies, OrganizationPolicies, 1));

        Assert.Same(first, second);
        Assert.Equal(["1", "2", "1", "burst", "10", "10", "day", "1000", "86400", "org.minute", "100", "60"], first.Select(v => v.ToString()));
        Assert.Equal(["1", "2", "0", "burst", "10", "10", "day", "1000", "86400"], arguments.Values(new RateLimitSubject("u:1", null, KeyPolicies, OrganizationPolicies, 1)).Select(v => v.ToString()));
    }

    [Fact]
    public void Another_cost_gets_its_own_arguments()
    {
        var arguments = new RedisScriptArguments("rl:");
        var values = arguments.Values(new RateLimitSubject("key000000001", "org-a", KeyPolicies, OrganizationPolicies, 5));

        Assert.Equal("5", values[0].ToString());
        Assert.Equal("1", arguments.Values(new RateLimitSubject("key000000001", "org-a", KeyPolicies, OrganizationPolicies, 1))[0].ToString());
    }

    [Fact]
    public void Key_names_follow_the_subjects_organisation_even_for_a_known_key_id()
    {
        var arguments = new RedisScriptArguments("rl:");
        var keyId = "key000000001";

        var inA = arguments.Keys(new RateLimitSubject(keyId, "org-a", KeyPolicies, OrganizationPolicies, 1));
        var again = arguments.Keys(new RateLimitSubject(keyId, "org-a", KeyPolicies, OrganizationPolicies, 1));
        var inB = arguments.Keys(new RateLimitSubject(keyId, "org-b", KeyPolicies, OrganizationPolicies, 1));

        Assert.Same(inA, again);
        Assert.Equal(["rl:v2:{o:org-a}:k:key000000001", "rl:v2:{o:org-a}:o"], inA.Select(k => k.ToString()));
        Assert.Equal(["rl:v2:{o:org-b}:k:key000000001", "rl:v2:{o:org-b}:o"], inB.Select(k => k.ToString()));
        Assert.Equal(["rl:v2:{k:u:1}"], arguments.Keys(new RateLimitSubject("u:1", null, KeyPolicies, null, 1)).Select(k => k.ToString()));
    }
}
