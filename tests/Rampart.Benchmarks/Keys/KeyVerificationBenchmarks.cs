using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rampart.AspNetCore.Authentication;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;

namespace Rampart.Benchmarks.Keys;

/// <summary>
/// The verify path of a request: parse + checksum + cached record + keyed hash + state, next to one
/// HMAC-SHA256 of the same input size as hash scheme 2's message (the floor: verifying cannot be cheaper
/// than hashing). Refusals of a known id with a wrong secret and of an unknown id should cost the same.
/// </summary>
[MemoryDiagnoser]
public class KeyVerificationBenchmarks
{
    private ServiceProvider _services = null!;
    private ApiKeyVerifier _verifier = null!;
    private string _validKey = null!;
    private string _checksumMismatch = null!;
    private string _garbage = null!;
    private string _wrongEnvironment = null!;
    private string _wrongSecret = null!;
    private string _unknownId = null!;
    private byte[] _pepper = null!;
    private byte[] _message = null!;
    private byte[] _hash = null!;
    private KeyedHmac _keyedHmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pepper = RandomNumberGenerator.GetBytes(32);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddRampart(options =>
        {
            // Each app gets its own empty store; the stores have their own contract suite.
            options.Store.Provider = Rampart.AspNetCore.Storage.ApiKeyStoreProvider.InMemory;
            options.Keys.Prefix = "bench";
            options.Keys.Peppers[1] = Convert.ToBase64String(_pepper);
        });
        _services = services.BuildServiceProvider();
        _verifier = _services.GetRequiredService<ApiKeyVerifier>();

        var created = _services.GetRequiredService<IApiKeyManager>()
            .CreateAsync(new ApiKeyCreateRequest { Name = "bench", Owner = "o", Organization = "org", Scopes = ["orders:read"] })
            .GetAwaiter().GetResult();
        _validKey = created.Key;
        _checksumMismatch = _validKey[..^1] + (_validKey[^1] == '0' ? '1' : '0');
        _garbage = "Bearer-ish garbage that is not a key";
        _wrongEnvironment = ApiKeyGenerator.NewKey("bench", ApiKeyEnvironment.Test, ApiKeyGenerator.NewKeyId());

        // Warm the cache so the measured path is the common request's.
        if (!_verifier.VerifyAsync(_validKey, default).GetAwaiter().GetResult().Succeeded)
        {
            throw new InvalidOperationException("The benchmark key does not verify.");
        }

        // Known id with another secret, and an unknown id with the same secret, both then cached.
        _wrongSecret = ApiKeyGenerator.NewKey("bench", ApiKeyEnvironment.Live, created.Record.Id);
        _unknownId = WithChecksum("bench_live_" + ApiKeyGenerator.NewKeyId() + _wrongSecret[^49..^6]);
        _verifier.VerifyAsync(_wrongSecret, default).GetAwaiter().GetResult();
        _verifier.VerifyAsync(_unknownId, default).GetAwaiter().GetResult();

        // Scheme 2's message: length-prefixed salt, prefix, environment and id, then the secret.
        _message = new byte[1 + ApiKeyGenerator.SaltLength + 1 + 5 + 1 + 4 + 1 + ApiKeyFormat.KeyIdLength + ApiKeyFormat.SecretLength];
        RandomNumberGenerator.Fill(_message);
        _hash = new byte[32];
        _keyedHmac = new KeyedHmac(_pepper);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keyedHmac.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "HMACSHA256.HashData (same input size)")]
    public int HmacBaseline() => HMACSHA256.HashData(_pepper, _message, _hash);

    [Benchmark(Description = "Same HMAC, key schedule kept per thread")]
    public void KeyedHmacReused() => _keyedHmac.Compute(_message, _hash);

    [Benchmark(Description = "Parse + verify, record cached")]
    public bool VerifyCached() => _verifier.VerifyAsync(_validKey, default).Result.Succeeded;

    [Benchmark(Description = "Reject: checksum mismatch")]
    public bool RejectChecksum() => _verifier.VerifyAsync(_checksumMismatch, default).Result.Succeeded;

    [Benchmark(Description = "Reject: not a key")]
    public bool RejectGarbage() => _verifier.VerifyAsync(_garbage, default).Result.Succeeded;

    [Benchmark(Description = "Reject: wrong environment")]
    public bool RejectWrongEnvironment() => _verifier.VerifyAsync(_wrongEnvironment, default).Result.Succeeded;

    [Benchmark(Description = "Reject: known id, wrong secret (cached)")]
    public bool RejectWrongSecret() => _verifier.VerifyAsync(_wrongSecret, default).Result.Succeeded;

    [Benchmark(Description = "Reject: unknown id (cached)")]
    public bool RejectUnknownId() => _verifier.VerifyAsync(_unknownId, default).Result.Succeeded;

    private static string WithChecksum(string withoutChecksum)
    {
        var buffer = new char[withoutChecksum.Length + ApiKeyFormat.ChecksumLength];
        withoutChecksum.CopyTo(buffer);
        ApiKeyFormat.WriteChecksum(buffer.AsSpan(0, withoutChecksum.Length), buffer.AsSpan(withoutChecksum.Length));
        return new string(buffer);
    }
}
