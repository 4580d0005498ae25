using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Incidents.Alerts;
using Rampart.AspNetCore.Incidents.LeakReports;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Tests.Infrastructure;

namespace Rampart.AspNetCore.Tests.Incidents;

/// <summary>Signed leak reports against a real pipeline with keys of two organisations.</summary>
public sealed class LeakReportTests : IAsyncLifetime
{
    private readonly LeakReportSender _sender = new();
    private RampartTestApp _app = null!;
    private string _orgAKey = null!;
    private string _orgAKeyId = null!;
    private string _orgBKey = null!;
    private string _orgBKeyId = null!;

    public async Task InitializeAsync()
    {
        _app = await StartAsync();
        (_orgAKey, _orgAKeyId) = await CreateAsync(_app, "org-a");
        (_orgBKey, _orgBKeyId) = await CreateAsync(_app, "org-b");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _sender.Dispose();
    }

    [Fact]
    public async Task A_reported_key_is_revoked_labelled_true_positive_and_then_refused_as_revoked()
    {
        using var collector = new MetricCollector<long>(_app.App.Services.GetRequiredService<IMeterFactory>(), "Rampart", LeakReportMetrics.TokensName);
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/orders", _orgAKey)).StatusCode);

        var response = await _app.Client.SendAsync(_sender.Request(LeakReportSender.Report(_orgAKey)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await Answer(response);
        var only = Assert.Single(answer);
        Assert.Equal(LeakReportSender.Hash(_orgAKey), only.GetProperty("token_hash").GetString());
        Assert.Equal("acme_api_key", only.GetProperty("token_type").GetString());
        Assert.Equal("true_positive", only.GetProperty("label").GetString());

        var refused = await _app.GetAsync("/orders", _orgAKey);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked_key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var entries = await AdminEntriesAsync(_orgAKeyId);
        Assert.Single(entries, e => e.Action == AdminActions.KeyRevoked);
        var leak = Assert.Single(entries, e => e.Action == AdminActions.KeyLeakReported);
        Assert.StartsWith("action=revoked;", leak.Details, StringComparison.Ordinal);
        Assert.Contains("url=https://github.com/octocat/hello/blob/0123abcd/config.json", leak.Details, StringComparison.Ordinal);
        Assert.Equal($"secret scanner (signing key {_sender.KeyId})", leak.Actor);
        Assert.True((await _app.App.Services.GetRequiredService<IAdminAuditLog>().VerifyAsync()).IsIntact);

        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal("true_positive", measurement.Tags["rampart.leak.label"]);
        Assert.Equal("revoked", measurement.Tags["rampart.leak.action"]);

        // The event names the key by id; no log line holds the token or its secret.
        Assert.Contains(_app.Logs.GetSnapshot(), r => r.Id.Name == "LeakedKeyReported" && r.Message.Contains(_orgAKeyId, StringComparison.Ordinal));
        Assert.DoesNotContain(_app.LoggedText(), line => line.Contains(Secret(_orgAKey), StringComparison.Ordinal));

        // The other organisation's key is untouched.
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/orders", _orgBKey)).StatusCode);
    }

    [Fact]
    public async Task A_replayed_report_is_answered_alike_and_revokes_once()
    {
        var body = LeakReportSender.Report(_orgAKey, _orgAKey);
        var signature = _sender.Sign(body);

        var first = await Answer(await _app.Client.SendAsync(_sender.Request(body, signature: signature)));
        var replay = await Answer(await _app.Client.SendAsync(_sender.Request(body, signature: signature)));

        Assert.All(first.Concat(replay), a => Assert.Equal("true_positive", a.GetProperty("label").GetString()));
        Assert.Equal(first.Select(a => a.GetRawText()), replay.Select(a => a.GetRawText()));
        var entries = await AdminEntriesAsync(_orgAKeyId);
        Assert.Single(entries, e => e.Action == AdminActions.KeyRevoked);
        Assert.Single(entries, e => e.Action == AdminActions.KeyLeakReported);
    }

    [Fact]
    public async Task Another_organisations_key_is_revoked_and_the_answer_says_nothing_of_its_organisation()
    {
        var response = await _app.Client.SendAsync(_sender.Request(LeakReportSender.Report(_orgBKey)));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("true_positive", text, StringComparison.Ordinal);
        Assert.DoesNotContain("org-b", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_orgBKeyId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("leak key", text, StringComparison.Ordinal);
        Assert.Equal(["token_hash", "token_type", "label"], Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray()).EnumerateObject().Select(p => p.Name));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.GetAsync("/orders", _orgBKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/orders", _orgAKey)).StatusCode);
        Assert.Single(await AdminEntriesAsync(_orgBKeyId), e => e.Action == AdminActions.KeyLeakReported);
        Assert.DoesNotContain(await AdminEntriesAsync(_orgAKeyId), e => e.Action is AdminActions.KeyLeakReported or AdminActions.KeyRevoked);
    }

    [Fact]
    public async Task Tokens_that_are_not_this_apps_keys_are_false_positives_in_one_shape_and_change_nothing()
    {
        var record = (await _app.Keys.GetAsync(_orgAKeyId))!;
        var otherApp = ApiKeyGenerator.NewKey("other", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var unknownId = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, ApiKeyGenerator.NewKeyId());
        var wrongSecret = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Live, _orgAKeyId);
        var badChecksum = _orgAKey[..^1] + (_orgAKey[^1] == 'a' ? 'b' : 'a');
        string[] tokens = ["ghp_16C7e42F292c6912E7710c838347Ae178B4a", otherApp, unknownId, wrongSecret, badChecksum, "", new string('x', 1000)];

        // Three tokens per report: the test app's batch limit.
        var answer = new List<JsonElement>();
        foreach (var batch in tokens.Chunk(3))
        {
            answer.AddRange(await Answer(await _app.Client.SendAsync(_sender.Request(LeakReportSender.Report(batch)))));
        }

        Assert.Equal(tokens.Length, answer.Count);
        for (var i = 0; i < tokens.Length; i++)
        {
            Assert.Equal(LeakReportSender.Hash(tokens[i]), answer[i].GetProperty("token_hash").GetString());
            Assert.Equal("false_positive", answer[i].GetProperty("label").GetString());
            Assert.Equal(["token_hash", "token_type", "label"], answer[i].EnumerateObject().Select(p => p.Name));
        }

        Assert.Equal(record.Version, (await _app.Keys.GetAsync(_orgAKeyId))!.Version);
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/orders", _orgAKey)).StatusCode);
        Assert.DoesNotContain(await AllAdminEntriesAsync(), e => e.Action == AdminActions.KeyLeakReported);
    }

    [Fact]
    public async Task A_forged_signature_is_refused_and_changes_nothing()
    {
        using var forger = new LeakReportSender(_sender.KeyId);
        var body = LeakReportSender.Report(_orgAKey);
        var tampered = LeakReportSender.Report(_orgBKey);

        await AssertRefusedAsync(_sender.Request(body, signature: forger.Sign(body)), HttpStatusCode.Forbidden, "leak_report_bad_signature");
        await AssertRefusedAsync(_sender.Request(tampered, signature: _sender.Sign(body)), HttpStatusCode.Forbidden, "leak_report_bad_signature");
        await AssertRefusedAsync(_sender.Request(body, signature: "bm90IGEgc2lnbmF0dXJl"), HttpStatusCode.Forbidden, "leak_report_bad_signature");
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task An_unknown_key_id_or_a_missing_signature_is_refused_and_changes_nothing()
    {
        var body = LeakReportSender.Report(_orgAKey);
        await AssertRefusedAsync(_sender.Request(body, keyId: "someone-else"), HttpStatusCode.Forbidden, "leak_report_unknown_signing_key");

        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/rampart/leaks") { Content = new ByteArrayContent(body) };
        await AssertRefusedAsync(unsigned, HttpStatusCode.BadRequest, "leak_report_unsigned");

        var notBase64 = _sender.Request(body, signature: "%%% not base64 %%%");
        await AssertRefusedAsync(notBase64, HttpStatusCode.BadRequest, "leak_report_unsigned");
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_batch_over_the_limit_or_a_body_over_the_cap_is_refused_with_413_and_changes_nothing()
    {
        var tooMany = LeakReportSender.Report(_orgAKey, _orgBKey, "a", "b");
        await AssertRefusedAsync(_sender.Request(tooMany), HttpStatusCode.RequestEntityTooLarge, "leak_report_too_many_tokens");

        var tooLarge = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{\"token\":\"" + new string('z', 900) + "\"}", 10)) + "]");
        await AssertRefusedAsync(_sender.Request(tooLarge), HttpStatusCode.RequestEntityTooLarge, "leak_report_too_large");
        await AssertUnchangedAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"token\":\"x\"}")]
    [InlineData("[{\"token\":42}]")]
    [InlineData("[{\"type\":\"acme_api_key\"}]")]
    [InlineData("[\"acme_live_x\"]")]
    [InlineData("[{\"token\":\"x\"}")]
    [InlineData("[{\"token\":\"x\"}] trailing")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public async Task A_malformed_report_is_refused_with_400_and_changes_nothing(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await AssertRefusedAsync(_sender.Request(bytes), HttpStatusCode.BadRequest, "leak_report_malformed");
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Under_flag_and_notify_the_key_keeps_working_and_is_recorded_and_alerted()
    {
        await using var app = await StartAsync(LeakResponsePolicy.FlagAndNotify);
        var (key, keyId) = await CreateAsync(app, "org-a");
        var sink = app.App.Services.GetServices<IRampartAlertSink>().OfType<CapturingAlertSink>().Single();

        var answer = await Answer(await app.Client.SendAsync(_sender.Request(LeakReportSender.Report(key))));

        Assert.Equal("true_positive", Assert.Single(answer).GetProperty("label").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/orders", key)).StatusCode);
        var entries = (await app.App.Services.GetRequiredService<IAdminAuditLog>().ReadAsync()).Where(e => e.KeyId == keyId).ToList();
        Assert.DoesNotContain(entries, e => e.Action == AdminActions.KeyRevoked);
        Assert.StartsWith("action=flagged;", Assert.Single(entries, e => e.Action == AdminActions.KeyLeakReported).Details, StringComparison.Ordinal);

        var alert = await sink.NextAsync();
        Assert.Equal(AlertSignal.LeakedKey, alert.Signal);
        Assert.Equal(keyId, alert.KeyId);
        Assert.Equal("org-a", alert.Organization);
    }

    [Fact]
    public void The_parser_never_throws_and_bounds_what_it_returns()
    {
        var random = new Random(20261202);
        var valid = LeakReportSender.Report("a", "b", "c");
        for (var i = 0; i < 20_000; i++)
        {
            // Random bytes, then truncations and byte flips of a valid report.
            var input = i % 2 == 0 ? RandomBytes(random) : Mutate(random, valid);
            var status = LeakReportParser.Parse(input, 2, out var tokens);
            Assert.True(tokens.Count <= 2);
            Assert.True(status == LeakReportParseStatus.Valid || tokens.Count == 0);
        }

        Assert.Equal(LeakReportParseStatus.TooManyTokens, LeakReportParser.Parse(valid, 2, out _));
        Assert.Equal(LeakReportParseStatus.Valid, LeakReportParser.Parse(valid, 3, out var all));
        Assert.Equal(["a", "b", "c"], all.Select(t => t.Token));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = valid[..random.Next(0, valid.Length + 1)];
        for (var flips = random.Next(0, 4); flips > 0 && bytes.Length > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private async Task<RampartTestApp> StartAsync(LeakResponsePolicy policy = LeakResponsePolicy.RevokeImmediately)
        => await RampartTestApp.StartAsync(
            configure: options =>
            {
                options.Incidents.LeakReports.PublicKeys[_sender.KeyId] = _sender.PublicKeyPem;
                options.Incidents.LeakReports.MaxTokensPerReport = 3;
                options.Incidents.LeakReports.MaxBodyBytes = 4096;
                options.Incidents.LeakReports.Policy = policy;
            },
            map: app =>
            {
                RampartTestApp.MapDefaultEndpoints(app);
                app.MapRampartLeakReports();
            },
            services: services => services.AddRampartAlertSink<CapturingAlertSink>());

    private static async Task<(string Key, string Id)> CreateAsync(RampartTestApp app, string organization)
    {
        var created = await app.CreateKeyInAsync(organization, ["orders:read"], name: "leak key");
        return (created.Key, created.Record.Id);
    }

    private async Task AssertRefusedAsync(HttpRequestMessage request, HttpStatusCode status, string code)
    {
        var response = await _app.Client.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
    }

    private async Task AssertUnchangedAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/orders", _orgAKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/orders", _orgBKey)).StatusCode);
        Assert.DoesNotContain(await AllAdminEntriesAsync(), e => e.Action is AdminActions.KeyLeakReported or AdminActions.KeyRevoked);
    }

    private async Task<List<AdminLogEntry>> AdminEntriesAsync(string keyId)
        => [.. (await AllAdminEntriesAsync()).Where(e => e.KeyId == keyId)];

    private Task<IReadOnlyList<AdminLogEntry>> AllAdminEntriesAsync()
        => _app.App.Services.GetRequiredService<IAdminAuditLog>().ReadAsync();

    private static async Task<List<JsonElement>> Answer(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string Secret(string key) => key.Substring(key.Length - 6 - 43, 43);
}
