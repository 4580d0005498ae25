using Rampart.Analyzers.Secrets;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

public class ConstantCredentialTests
{
    private const string Stubs = """
        namespace Microsoft.IdentityModel.Tokens
        {
            public class SymmetricSecurityKey { public SymmetricSecurityKey(byte[] key) { } }
        }
        """;

    [Fact]
    public async Task Constants_flowing_into_credential_apis_are_reported()
    {
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync(Stubs + """

            namespace App
            {
                using System;
                using System.Net;
                using System.Security.Cryptography;
                using System.Text;
                using Microsoft.IdentityModel.Tokens;

                class C
                {
                    const string Pwd = "hunter22";

                    void M(string user, byte[] data)
                    {
                        var a = new NetworkCredential(user, {|RMP0005:"hunter22"|});
                        var b = new NetworkCredential(user, {|RMP0005:Pwd|}, "domain");
                        var c = new SymmetricSecurityKey({|RMP0005:Encoding.UTF8.GetBytes("my-signing-key-0123456789")|});
                        var d = new HMACSHA256({|RMP0005:new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }|});
                        var e = new AesGcm({|RMP0005:Convert.FromBase64String("q83vEjRWeJCrze8SNFZ4kA==")|}, 16);
                        using var aes = Aes.Create();
                        aes.Key = {|RMP0005:"0123456789abcdef0123456789abcdef"u8.ToArray()|};
                        var f = HMACSHA256.HashData({|RMP0005:Encoding.ASCII.GetBytes("key")|}, data);
                        var g = new NetworkCredential { Password = {|RMP0005:"hunter22"|} };
                        byte[] k = [9, 8, 7, 6];
                        var h = new HMACSHA512({|RMP0005:[1, 2, 3]|});
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Keys_from_configuration_or_a_generator_are_not_reported()
    {
        await Verify<ConstantCredentialAnalyzer>.AnalyzerAsync(Stubs + """

            namespace App
            {
                using System;
                using System.Net;
                using System.Security.Cryptography;
                using System.Text;
                using Microsoft.IdentityModel.Tokens;

                class C
                {
                    void M(string user, string password, byte[] key, string configured)
                    {
                        var a = new NetworkCredential(user, password);
                        var b = new NetworkCredential("user", "");
                        var c = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));
                        var d = new HMACSHA256(key);
                        var e = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
                        using var aes = Aes.Create();
                        aes.Key = key;
                        aes.IV = new byte[16];
                        var f = new HMACSHA256(new byte[32]);
                    }
                }
            }
            """);
    }
}
