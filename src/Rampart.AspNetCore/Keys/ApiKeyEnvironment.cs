namespace Rampart.AspNetCore.Keys;

/// <summary>The environment a key belongs to. A test key never works against live and vice versa.</summary>
public enum ApiKeyEnvironment
{
    /// <summary>Production keys: <c>prefix_live_…</c>.</summary>
    Live = 0,

    /// <summary>Keys for test and development: <c>prefix_test_…</c>.</summary>
    Test = 1,
}
