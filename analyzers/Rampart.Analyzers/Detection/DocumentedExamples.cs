using System;

namespace Rampart.Analyzers.Detection;

/// <summary>
/// Credentials that providers publish in their documentation as examples: they grant nothing, and
/// tutorials, tests and samples copy them, so finding them is noise.
/// </summary>
internal static class DocumentedExamples
{
    private static readonly string[] Fragments =
    {
        // jwt.io's example token: the start of its payload ({"sub":"1234567890","name":"John Doe"...,
        // kept when a sample edits the claims after it) and its HS256 signature.
        "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lI",
        "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        // Stripe's documented test-mode keys.
        "4eC39HqLyjWDarjtT1zdp7dc",
        "TYooMQauvdEDq54NiTphI7jx",
        "BQokikJOvBiI2HlWgH4olfQ2",
        // The Azure Cosmos DB emulator's published account key.
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
        // AWS's documented example secret access key.
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    };

    /// <summary>True when <paramref name="text"/> contains a published example credential.</summary>
    public static bool Contains(string text)
    {
        foreach (var fragment in Fragments)
        {
            if (text.Length >= fragment.Length && text.IndexOf(fragment, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
