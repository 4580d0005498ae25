using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore;
using Rampart.AspNetCore.Logging;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Redaction;

namespace Rampart.Benchmarks.Logging;

/// <summary>
/// Redacting a 64 KB JSON body (classified fields through their redactors, every other string
/// through the PII masker) next to a bare <see cref="Utf8JsonReader"/> pass over the same bytes:
/// to UTF-8 (the redaction itself) and on to the string a logger is handed.
/// </summary>
[MemoryDiagnoser]
public class JsonRedactionBenchmarks
{
    private byte[] _body = [];
    private JsonBodyRedactor _redactor = null!;

    /// <summary>With the PII masker over every unclassified string, or classification-based redaction only.</summary>
    [Params(true, false)]
    public bool Masking { get; set; }

    /// <summary>Which fields are classified: none, two names, or two names and a path.</summary>
    [Params("none", "names", "names+path")]
    public string Fields { get; set; } = "names+path";

    [GlobalSetup]
    public void Setup()
    {
        _body = SampleBody(64 * 1024);
        var options = new BodyLoggingOptions();
        if (Fields != "none")
        {
            options.PersonalJsonFields.Add("email");
            options.PersonalJsonFields.Add("phone");
        }

        if (Fields == "names+path")
        {
            options.SecretJsonFields.Add("$.orders.card");
        }
        var services = new ServiceCollection()
            .AddRedaction(b => b.SetRedactor<ErasingRedactor>(RampartDataClassifications.Secret, RampartDataClassifications.Personal))
            .BuildServiceProvider();
        _redactor = new JsonBodyRedactor(
            services.GetRequiredService<IRedactorProvider>(),
            Masking ? TextMasker.Default : new TextMasker(new TextMaskingOptions { Enabled = false }),
            new SecretNameMatcher(new RampartLoggingOptions()),
            options);
        if (_redactor.Redact(_body, JsonFieldClassifications.Empty) is not { Length: > 0 })
        {
            throw new InvalidOperationException("The sample body did not redact.");
        }
    }

    [Benchmark(Baseline = true)]
    public int ReaderPass()
    {
        var reader = new Utf8JsonReader(_body);
        var total = 0;
        while (reader.Read())
        {
            total += reader.ValueSpan.Length;
        }

        return total;
    }

    /// <summary>The redaction: the redacted body written as UTF-8, the encoding it came in, to a pooled buffer.</summary>
    [Benchmark]
    public int RedactToUtf8()
    {
        var output = new PooledBuffer<byte>(_body.Length + 64);
        try
        {
            return _redactor.TryRedact(_body, JsonFieldClassifications.Empty, ref output) == JsonNotLoggable.None ? output.Length : -1;
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>The same, then the UTF-16 string a logger is handed (for a 64 KB body, a 128 KB string on the large object heap).</summary>
    [Benchmark]
    public int RedactToString() => _redactor.Redact(_body, JsonFieldClassifications.Empty)!.Length;

    /// <summary>Orders with customers, notes and items; about one string in five carries personal data.</summary>
    internal static byte[] SampleBody(int size)
    {
        var random = new Random(64);
        var orders = new List<object>();
        var length = 0;
        for (var i = 0; length < size - 600; i++)
        {
            var order = new
            {
                id = $"ord_{i:000000}",
                status = i % 3 == 0 ? "paid" : "pending",
                customer = new
                {
                    name = $"Customer {i}",
                    email = $"customer{i}@example.com",
                    phone = $"010-{random.Next(1000, 9999)}-{random.Next(1000, 9999)}",
                },
                card = "4111 1111 1111 1111",
                notes = i % 5 == 0 ? $"call me at +82 10-{random.Next(1000, 9999)}-{random.Next(1000, 9999)} after 6pm" : "leave at the door, ring twice",
                items = Enumerable.Range(0, 3).Select(j => new { sku = $"SKU-{i}-{j}", quantity = j + 1, price = 9.99m * (j + 1), description = "A sturdy widget for everyday use" }).ToArray(),
            };
            length += JsonSerializer.SerializeToUtf8Bytes(order).Length + 1;
            orders.Add(order);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new { orders });
        return body;
    }
}
