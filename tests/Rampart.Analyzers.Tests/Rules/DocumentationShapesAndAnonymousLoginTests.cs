using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Documentation shapes (connection strings of "my" words, jwt.io's sample claims), Oracle descriptors
/// naming a local host, and anonymous FTP logins, each next to a neighbour that is still reported.
/// </summary>
public class DocumentationShapesAndAnonymousLoginTests
{
    private const string JwtSampleClaims =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMiwiZXhwIjoxOTE2MjM5MDIyfQ.k3Jw9XqTz0VbN4mLpR7sYd2hGf8cUe6aWi1oZx5tQnM";

    private const string JwtOtherClaims =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjNjMmE5MWQ3IiwibmFtZSI6Ik1hcmlhIExvcGV6IiwiYWRtaW4iOnRydWUsImlhdCI6MTcxNjIzOTAyMn0.k3Jw9XqTz0VbN4mLpR7sYd2hGf8cUe6aWi1oZx5tQnM";

    [Theory]
    [InlineData("Host=myserver;Username=mylogin;Password=mypass;Database=mydatabase")]
    [InlineData("Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;")]
    [InlineData("Data Source=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=localhost)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=XE)));User Id=system;Password=oracle")]
    [InlineData(JwtSampleClaims)]
    public async Task Documentation_shapes_and_local_descriptors_are_not_reported(string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = "{{text}}";
            }
            """);
    }

    [Theory]
    // A real host, a password that is more than "my" and a word, a descriptor naming a remote host.
    [InlineData("RMP0004", "Host=db.prod.internal;Username=mylogin;Password=mypass;Database=mydatabase")]
    [InlineData("RMP0004", "Host=myserver;Username=mylogin;Password=myPass7Xq;Database=mydatabase")]
    [InlineData("RMP0004", "Data Source=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=localhost)(PORT=1521))(ADDRESS=(PROTOCOL=TCP)(HOST=ora-prod.corp.internal)(PORT=1521)));User Id=system;Password=oracle")]
    [InlineData("RMP0002", JwtOtherClaims)]
    public async Task Neighbours_with_real_values_are_still_reported(string rule, string text)
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync($$"""
            class C
            {
                string text = {|{{rule}}:"{{text}}"|};
            }
            """);
    }

    [Fact]
    public async Task Anonymous_ftp_logins_are_not_reported()
    {
        const string source = """
            using System.Net;

            class C
            {
                void M()
                {
                    var a = new NetworkCredential("anonymous", "anonymous");
                    var b = new NetworkCredential("ftp", "ftp");
                    var c = new NetworkCredential("anonymous", "janeDoe@contoso.com");
                    var e = new NetworkCredential("anonymous", "Anonymous");
                    var f = new NetworkCredential { UserName = "anonymous", Password = "anonymous" };
                    var d = new NetworkCredential("Anonymous", "");
                }
            }
            """;
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(source);
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task A_real_password_after_an_anonymous_user_is_still_reported()
    {
        // Reported where it is written, under the parameter's name.
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync("""
            using System.Net;

            class C
            {
                void M() { var a = new NetworkCredential("anonymous", {|RMP0003:"Xk9mQ2vRt8LpZ"|}); }
            }
            """);

        // The anonymous word as the password of another user.
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync("""
            using System.Net;

            class C
            {
                void M() { var b = new NetworkCredential("deploy", {|RMP0005:"anonymous"|}); }
            }
            """);
    }
}

/// <summary>IdentityServer client secrets, Firebase configuration api keys, each next to a neighbour still reported.</summary>
public class ClientSecretAndFirebaseConfigTests
{
    private const string SecretStub = """
        public sealed class Secret { public Secret(string value, string description = null) { } }
        public sealed class FirebaseOptions { public string ApiKey { get; set; } public string ServerKey { get; set; } }
        public sealed class MapsOptions { public string ApiKey { get; set; } }
        public static class HashExtensions { public static string Sha256(this string value) => value; }

        """;

    [Fact]
    public async Task A_literal_hashed_into_a_client_secret_is_reported()
    {
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync(SecretStub + """
            class C
            {
                Secret A = new Secret({|RMP0005:"N1_TEr8ckArRxfS7g6J2TO88JyAD9pql9TMk3pt-ius"|}.Sha256());
                Secret B = new({|RMP0005:"Xk9mQ2vRt8LpZw4Hs7Nc"|}.Sha256(), "billing worker");
                Secret Quickstart = new Secret("secret".Sha256());
                Secret FromConfiguration(string configured) => new Secret(configured.Sha256());
            }
            """);
    }

    [Fact]
    public async Task A_stored_hash_of_a_client_secret_is_not_reported_and_other_values_are()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(SecretStub + """
            class C
            {
                static readonly Secret Hashed = new("uCDugIjnVNHBurhzBtDp0ZneqSqL6Lsdq85QbpaVQyQ=", "sha256 of the client secret");
                static readonly Secret Plain = new({|RMP0003:"N1_TEr8ckArRxfS7g6J2TO88JyAD9pql9TMk3pt-ius"|});
            }
            """);
    }

    [Fact]
    public async Task A_firebase_configuration_api_key_is_not_reported_and_other_google_keys_are()
    {
        await Verify<HardCodedSecretAnalyzer>.AnalyzerAsync(SecretStub + """
            class C
            {
                static FirebaseOptions Web() => new() { ApiKey = "AIzaftvVDTPdTmasDKKV9hBaFeVq73a-YJdrME7" };
                static FirebaseOptions Explicit = new FirebaseOptions { ApiKey = "AIzaSyB3kQ9xZ-7mLpRt2vWc8NhY4sJd6FgQeTu" };
                static object firebaseConfig = new { apiKey = "AIzaSyC1mN8bV-4xZq7Rt2pLk9WjH3sDf6GaQeY", projectId = "fitapp-7c2e1" };
                static FirebaseOptions Push() => new() { ServerKey = {|RMP0002:"AIzaSyD5tQ2wE-9rYu3Io7pAs1dFg4hJk6LzXcV"|} };
                static MapsOptions Maps() => new() { ApiKey = {|RMP0002:"AIzaSyE8vB3nM-1qWe5Rt7yUi2oPa4sDf9GhJkL"|} };
            }
            """);
    }
}
