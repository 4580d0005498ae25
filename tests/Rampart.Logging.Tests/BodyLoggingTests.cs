using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging.Testing;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Redaction;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests;

public class BodyLoggingTests
{
    private static async Task<(LoggingTestApp App, string? Body)> PostAsync(string path, string content, string contentType, Action<RampartOptions>? configure = null)
    {
        var app = await LoggingTestApp.StartAsync(configure);
        var key = await app.CreateKeyAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(content, Encoding.UTF8, contentType) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        using var response = await app.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"status {(int)response.StatusCode}");
        var body = app.Logs.GetSnapshot().SingleOrDefault(r => r.Id.Id == 1201) is { } record
            ? record.StructuredState!.Single(p => p.Key == "Body").Value
            : null;
        return (app, body);
    }

    [Fact]
    public async Task Bodies_are_not_logged_unless_opted_in()
    {
        var (app, body) = await PostAsync("/plain", """{"product":"x"}""", "application/json");
        await using (app)
        {
            Assert.Null(body);
        }
    }

    [Fact]
    public async Task Json_fields_are_redacted_by_type_attributes_secret_names_and_the_masker()
    {
        const string json = """{"product":"widget","quantity":3,"email":"alice@example.com","password":"hunter2","customer":{"name":"Kim","taxId":"TX-998877","notes":"call 010-1234-5678","card":4111111111111111},"tags":["plain","mail bob@example.org"]}""";
        var (app, body) = await PostAsync("/orders", json, "application/json");
        await using (app)
        {
            Assert.Equal(
                """{"product":"widget","quantity":3,"email":"","password":"","customer":{"name":"Kim","taxId":"","notes":"call [phone]","card":"[card]"},"tags":["plain","mail [email]"]}""",
                body);
        }
    }

    [Fact]
    public async Task Whitespace_of_the_body_is_kept_and_line_breaks_neutralised()
    {
        var (app, body) = await PostAsync("/orders", "{\n  \"product\": \"widget\",\n  \"quantity\": 1,\n  \"email\": \"alice@example.com\"\n}", "application/json");
        await using (app)
        {
            Assert.Equal("{\\u000a  \"product\": \"widget\",\\u000a  \"quantity\": 1,\\u000a  \"email\": \"\"\\u000a}", body);
        }
    }

    [Fact]
    public async Task Configured_names_and_paths_are_redacted_and_personal_data_can_be_pseudonymised()
    {
        const string json = """{"product":"widget","quantity":1,"customer":{"name":"Kim Minji","notes":"vip"},"email":"alice@example.com"}""";
        var (app, body) = await PostAsync("/orders", json, "application/json", o =>
        {
            o.Logging.Bodies.PersonalJsonFields.Add("$.customer.name");
            o.Logging.Bodies.SecretJsonFields.Add("notes");
            o.Logging.Bodies.PseudonymizePersonalData = true;
        });
        await using (app)
        {
            Assert.NotNull(body);
            Assert.DoesNotContain("Kim Minji", body, StringComparison.Ordinal);
            Assert.DoesNotContain("vip", body, StringComparison.Ordinal);
            Assert.DoesNotContain("alice@example.com", body, StringComparison.Ordinal);
            Assert.Matches("\"name\":\"p_[0-9a-f]{32}\"", body);
            Assert.Matches("\"email\":\"p_[0-9a-f]{32}\"", body);
            Assert.Contains("\"notes\":\"\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Form_bodies_apply_the_secret_name_rule()
    {
        var (app, body) = await PostAsync("/notes", "user=kim&password=hunter2&note=alice%40example.com", "application/x-www-form-urlencoded");
        await using (app)
        {
            Assert.Equal("user=kim&password=[Redacted]&note=[email]", body);
        }
    }

    [Fact]
    public async Task Text_bodies_are_masked_and_kept_on_one_line()
    {
        var (app, body) = await PostAsync("/notes", "ssn 123-45-6789\r\nFAKE 2026 entry", "text/plain");
        await using (app)
        {
            Assert.Equal("ssn [us-ssn]\\u000d\\u000aFAKE 2026 entry", body);
        }
    }

    [Fact]
    public async Task Invalid_json_and_binary_bodies_are_not_logged()
    {
        var (app, body) = await PostAsync("/notes", """{"password":"hunter2" """, "application/json");
        await using (app)
        {
            Assert.Equal("[invalid JSON body of 22 bytes not logged]", body);
        }

        (app, body) = await PostAsync("/notes", "hunter2", "application/octet-stream");
        await using (app)
        {
            Assert.Equal("[7 bytes of application/octet-stream not logged]", body);
        }
    }

    [Fact]
    public async Task Bodies_over_the_cap_are_not_logged_and_the_endpoint_still_reads_them()
    {
        var content = "x" + new string('a', 2000);
        var (app, body) = await PostAsync("/notes", content, "text/plain", o => o.Logging.Bodies.MaxBytes = 1024);
        await using (app)
        {
            Assert.Equal("[body of 2001 bytes exceeds the logging cap; not logged]", body);
        }
    }

    [Fact]
    public async Task The_endpoint_reads_the_whole_body_after_capture()
    {
        var app = await LoggingTestApp.StartAsync();
        await using (app)
        {
            var key = await app.CreateKeyAsync();
            var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = new StringContent("hello world", Encoding.UTF8, "text/plain") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
            using var response = await app.Client.SendAsync(request);
            Assert.Equal("""{"length":11}""", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public void Redactor_handles_nested_classified_objects_and_deep_input()
    {
        var redactor = new JsonBodyRedactor(new EraseAll(), TextMasker.Default, new SecretNameMatcher(new RampartLoggingOptions()), new BodyLoggingOptions { SecretJsonFields = { "$.card" } });

        Assert.Equal("""{"card":"","ok":[1,true,null]}""", redactor.Redact("""{"card":{"number":"4111111111111111","cvv":123},"ok":[1,true,null]}"""u8, JsonFieldClassifications.Empty));
        Assert.Null(redactor.Redact(Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)), JsonFieldClassifications.Empty));
    }

    [Fact]
    public void Configured_paths_hold_in_every_array_element_however_deep_the_elements_before_them()
    {
        var redactor = Redactor(new BodyLoggingOptions { SecretJsonFields = { "$.orders.card", "$.orders.items.sku" } });
        const string json = """{"orders":[{"card":"1111","items":[{"sku":"a","more":{"x":1}},{"sku":"b"}]},{"deep":{"deeper":{"card":"not this one"}},"card":"2222","items":[{"sku":"c"}]},{"card":"3333"}]}""";

        Assert.Equal(
            """{"orders":[{"card":"","items":[{"sku":"","more":{"x":1}},{"sku":""}]},{"deep":{"deeper":{"card":"not this one"}},"card":"","items":[{"sku":""}]},{"card":""}]}""",
            redactor.Redact(Encoding.UTF8.GetBytes(json), JsonFieldClassifications.Empty));
    }

    [Fact]
    public void A_name_under_another_path_is_judged_by_that_path()
    {
        var redactor = Redactor(new BodyLoggingOptions { SecretJsonFields = { "$.a.card" } });

        // The same name, alternating between a classified path and others, within a body and across bodies.
        Assert.Equal(
            """{"a":[{"card":""},{"card":""}],"b":[{"card":"3"}],"a2":{"a":{"card":"4"}},"card":"5","x":{"a":{"card":"6"}}}""",
            redactor.Redact("""{"a":[{"card":"1"},{"card":"2"}],"b":[{"card":"3"}],"a2":{"a":{"card":"4"}},"card":"5","x":{"a":{"card":"6"}}}"""u8, JsonFieldClassifications.Empty));
        Assert.Equal("""{"b":{"card":"7"},"a":{"card":""}}""", redactor.Redact("""{"b":{"card":"7"},"a":{"card":"8"}}"""u8, JsonFieldClassifications.Empty));
        Assert.Equal("""{"lines":[{"email":""}],"a":{"card":""}}""", redactor.Redact("""{"lines":[{"email":"a@x.io"}],"a":{"card":"9"}}"""u8, JsonFieldClassifications.For(typeof(Batch))));
    }

    [Fact]
    public void Attributes_on_element_types_hold_in_every_element()
    {
        var redactor = Redactor(new BodyLoggingOptions());
        const string json = """{"lines":[{"email":"a@x.io","notes":{"n":1}},{"email":"b@x.io"},{"email":"c@x.io"}]}""";

        var output = redactor.Redact(Encoding.UTF8.GetBytes(json), JsonFieldClassifications.For(typeof(Batch)));

        Assert.Equal("""{"lines":[{"email":"","notes":{"n":1}},{"email":""},{"email":""}]}""", output);
    }

    public sealed record Batch(List<BatchLine> Lines);

    public sealed record BatchLine([property: PersonalData] string Email, Dictionary<string, int>? Notes);

    [Fact]
    public void Escaped_names_and_strings_are_classified_and_masked_as_their_text()
    {
        var redactor = Redactor(new BodyLoggingOptions { PersonalJsonFields = { "email", "$.customer.phone" } });

        // "em\u0061il" is "email"; "ph\u006fne" is "phone"; the escaped @ still makes an e-mail address.
        const string json = """{"email":"a@example.com","customer":{"phone":"010-1234-5678"},"note":"write to bob@example.org","email":"b@example.com"}""";

        Assert.Equal(
            """{"email":"","customer":{"phone":""},"note":"write to [email]","email":""}""",
            redactor.Redact(Encoding.UTF8.GetBytes(json), JsonFieldClassifications.Empty));
    }

    [Fact]
    public void Names_recur_across_bodies_with_the_same_verdict_and_masked_names_are_masked()
    {
        var redactor = Redactor(new BodyLoggingOptions());
        var key = Rampart.AspNetCore.Keys.ApiKeyGenerator.NewKey("acme", Rampart.AspNetCore.Keys.ApiKeyEnvironment.Live, Rampart.AspNetCore.Keys.ApiKeyGenerator.NewKeyId());

        // The first body fills the table of names; the second is answered from it.
        for (var i = 0; i < 2; i++)
        {
            var output = redactor.Redact(Encoding.UTF8.GetBytes($$"""{"password":"p{{i}}","a@example.com":1,"plain":"x{{i}}"}"""), JsonFieldClassifications.Empty);
            Assert.Equal($$"""{"password":"","[email]":1,"plain":"x{{i}}"}""", output);
        }

        Assert.Equal("""{"[rampart-key]":"v"}""", redactor.Redact(Encoding.UTF8.GetBytes($$"""{"{{key}}":"v"}"""), JsonFieldClassifications.Empty));
    }

    [Fact]
    public void Replacements_are_escaped_as_json()
    {
        var redactor = new JsonBodyRedactor(new QuoteAll(), TextMasker.Default, new SecretNameMatcher(new RampartLoggingOptions()), new BodyLoggingOptions { SecretJsonFields = { "token" } });

        var output = redactor.Redact("""{"token":"abc"}"""u8, JsonFieldClassifications.Empty);

        Assert.Equal("""{"token":"\"x\" <abc>"}""", output);
        Assert.Equal("\"x\" <abc>", JsonDocument.Parse(output!).RootElement.GetProperty("token").GetString());
    }

    private static JsonBodyRedactor Redactor(BodyLoggingOptions options)
        => new(new EraseAll(), TextMasker.Default, new SecretNameMatcher(new RampartLoggingOptions()), options);

    private sealed class QuoteAll : IRedactorProvider
    {
        public Redactor GetRedactor(DataClassificationSet classifications) => new Quoting();

        private sealed class Quoting : Redactor
        {
            public override int GetRedactedLength(ReadOnlySpan<char> input) => input.Length + 6;

            public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
            {
                "\"x\" <".CopyTo(destination);
                source.CopyTo(destination[5..]);
                destination[5 + source.Length] = '>';
                return source.Length + 6;
            }
        }
    }

    private sealed class EraseAll : IRedactorProvider
    {
        public Redactor GetRedactor(DataClassificationSet classifications) => ErasingRedactor.Instance;
    }
}
