using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rampart.Testing;

/// <summary>A secret scanner made in the test: a P-256 key pair, and reports signed with it as public code hosts sign theirs.</summary>
public sealed class LeakReportSender : IDisposable
{
    public const string IdentifierHeader = "Github-Public-Key-Identifier";
    public const string SignatureHeader = "Github-Public-Key-Signature";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public LeakReportSender(string keyId = "scanner-key-1")
    {
        KeyId = keyId;
    }

    public string KeyId { get; }

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public static byte[] Report(params string[] tokens)
        => JsonSerializer.SerializeToUtf8Bytes(tokens.Select(t => new
        {
            token = t,
            type = "acme_api_key",
            url = "https://github.com/octocat/hello/blob/0123abcd/config.json",
            source = "content",
        }));

    public string Sign(byte[] body) => Convert.ToBase64String(_key.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public HttpRequestMessage Request(byte[] body, string? keyId = null, string? signature = null, string path = "/rampart/leaks")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(IdentifierHeader, keyId ?? KeyId);
        request.Headers.Add(SignatureHeader, signature ?? Sign(body));
        return request;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public void Dispose() => _key.Dispose();
}
