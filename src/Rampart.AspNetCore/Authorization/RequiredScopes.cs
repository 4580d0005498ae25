using Rampart.AspNetCore.Keys;

namespace Rampart.AspNetCore.Authorization;

internal static class RequiredScopes
{
    /// <summary>Checks scopes at start-up, so a typo fails the app rather than every request.</summary>
    public static string[] Validate(IEnumerable<string> scopes)
    {
        var list = scopes.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one scope is required.", nameof(scopes));
        }

        foreach (var scope in list)
        {
            if (!ApiScope.IsValidRequirement(scope))
            {
                throw new ArgumentException($"'{scope}' is not a valid required scope: use 'resource:action' with lower-case letters, digits, '.', '_' or '-', and no wildcards.", nameof(scopes));
            }
        }

        return list;
    }
}
