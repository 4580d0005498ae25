namespace Rampart.OpenApi;

/// <summary>Names Rampart gives to what it adds to OpenAPI documents.</summary>
public static class RampartOpenApi
{
    /// <summary>The security scheme of Rampart API keys, in <c>components.securitySchemes</c>.</summary>
    public const string SecuritySchemeName = "RampartApiKey";

    /// <summary>The security scheme of keys in the query string, present only when <c>Rampart:Authentication:AllowQueryString</c> is on.</summary>
    public const string QuerySecuritySchemeName = "RampartApiKeyQuery";

    /// <summary>The RFC 9457 problem body of Rampart's refusals, in <c>components.schemas</c>.</summary>
    public const string ProblemSchemaName = "RampartProblem";

    /// <summary>The document that holds the admin endpoints (<c>MapRampartKeys</c>); they are not in any other.</summary>
    public const string AdminDocumentName = Microsoft.AspNetCore.Builder.RampartKeyEndpointRouteBuilderExtensions.AdminGroupName;
}
