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
        // ntfy's example access token, printed by its documentation and its sample client configuration.
        "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2",
        // The consumer key and secret, token and token secret of Twitter's OAuth 1.0a "Creating a signature"
        // walkthrough, which OAuth 1.0a libraries use as their signing test vector.
        "xvz1evFS4wEEPTGEFPHBog",
        "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
        "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
        "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",

        // The RFCs' worked examples, which protocol libraries use as test vectors.
        // OAuth 2.0 (RFC 6749): access token, refresh token, authorization code, client s6BhdRkqt3's Basic credentials.
        "2YotnFZFEjr1zCsicMWpAA",
        "tGzv3JOkF0XG5Qx2TlKWIA",
        "SplxlOBeZQQYbYS6WxSbIA",
        "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
        // OpenID Connect Core 1.0's token response (3.1.3.3): its access token and refresh token, which
        // OpenID Connect servers and clients send in their tests.
        "SlAV32hkKG",
        "8xLOxBtZp8",
        // Bearer tokens (RFC 6750) and OAUTHBEARER (RFC 7628).
        "mF_9.B5f-4.1JqM",
        "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
        // JWS (RFC 7515, appendix A.1): the HMAC key and the example's signature.
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        // DIGEST-MD5 (RFC 2831): nonce, client nonce, response and rspauth.
        "OA6MG9tEQGm2hh",
        "OA6MHXh6VqTrRk",
        "d388dad90d4bbd760a152321f2143af7",
        "ea40f60335c427b5527b84dbabcdfffd",
        // CRAM-MD5 (RFC 2195): the password and its digest.
        "tanstaaftanstaaf",
        "b913a602c7eda7a495b4e6e7334d3890",
        // SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677): nonces, salts, proofs and server signatures.
        "fyko+d2lbbFgONRv9qkxdawL",
        "3rfcNHYJY1ZVvWVs7j",
        "QSXCR+Q6sek8bf92",
        "v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
        "rmF9pqV8S7suAoZWja4dJRkFsKQ=",
        "rOprNGfwEbeRWgbNEkqO",
        "W22ZaJ0SNY7soEsUEjb6gQ==",
        "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
    };

    private static readonly int ShortestFragment = Shortest(Fragments);

    /// <summary>True when <paramref name="text"/> contains a published example credential.</summary>
    public static bool Contains(string text)
    {
        if (text.Length < ShortestFragment)
        {
            return false;
        }

        foreach (var fragment in Fragments)
        {
            if (text.Length >= fragment.Length && text.IndexOf(fragment, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int Shortest(string[] fragments)
    {
        var shortest = int.MaxValue;
        foreach (var fragment in fragments)
        {
            shortest = Math.Min(shortest, fragment.Length);
        }

        return shortest;
    }
}
