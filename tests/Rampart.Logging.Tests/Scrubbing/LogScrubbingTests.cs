using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Logging.Scrubbing;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests.Scrubbing;

/// <summary>The scrubbing layer on the app's logger factory, seen from providers registered before and after <c>AddRampart()</c>.</summary>
public sealed class LogScrubbingTests : IDisposable
{
    private static readonly string Key = ApiKeyGenerator.NewKey("acme", ApiKeyEnvironment.Test, ApiKeyGenerator.NewKeyId());
    private static readonly string Secret = Key.Substring(Key.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength);
    private static readonly string Masked = Key[..^(ApiKeyFormat.SecretLength + ApiKeyFormat.ChecksumLength)] + "…";

    private readonly CapturingLoggerProvider _before = new();
    private readonly CapturingLoggerProvider _after = new();
    private ServiceProvider? _services;

    private ILogger Logger(Action<RampartOptions>? configure = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_before).AddFakeLogging());
        services.AddRampart(o =>
        {
            o.Keys.Peppers[1] = LoggingTestApp.Pepper;
            configure?.Invoke(o);
        });
        services.AddSingleton<ILoggerProvider>(_after);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<ILoggerFactory>().CreateLogger("App.Orders");
    }

    private string Captured(CapturingLoggerProvider provider) => string.Join('\n', provider.Lines);

    private string FakeCaptured()
        => string.Join('\n', _services!.GetFakeLogCollector().GetSnapshot().SelectMany(r =>
            new[] { r.Message, r.Exception?.ToString() ?? string.Empty }
                .Concat(r.StructuredState?.Select(p => $"{p.Key}={p.Value}") ?? [])
                .Concat(r.Scopes.Select(s => s?.ToString() ?? string.Empty))));

    private void AssertEverywhere(Action<string> check)
    {
        check(Captured(_before));
        check(Captured(_after));
        check(FakeCaptured());
    }

    [Fact]
    public void A_key_is_masked_in_message_text_structured_values_scopes_and_exceptions_for_every_provider()
    {
        var logger = Logger();

        logger.Log(LogLevel.Information, new EventId(1), "raw text " + Key, null, static (s, _) => s);
        logger.LogInformation("Value {Value}", "x " + Key);
        logger.LogInformation("Several {Items}", (object)new[] { "a", Key });
        using (logger.BeginScope("Caller {Caller}", Key))
        using (logger.BeginScope(Key))
        {
            logger.LogWarning("Inside scopes");
        }

        logger.LogError(new InvalidOperationException("failed for " + Key, new ArgumentException("inner " + Key)), "Failed");

        AssertEverywhere(text =>
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.Contains(Masked, text, StringComparison.Ordinal);
            Assert.Contains("InvalidOperationException", text, StringComparison.Ordinal);
        });
        Assert.Equal(5, _before.Records);
        Assert.Equal(5, _after.Records);
    }

    [Fact]
    public void The_masked_form_keeps_prefix_environment_and_key_id()
    {
        var logger = Logger();

        logger.LogInformation("Key {Key} used", Key);

        var record = _services!.GetFakeLogCollector().LatestRecord;
        Assert.Equal($"Key {Masked} used", record.Message);
        Assert.StartsWith("acme_test_", Masked, StringComparison.Ordinal);
        Assert.Equal("acme_test_".Length + ApiKeyFormat.KeyIdLength + 1, Masked.Length);
        Assert.Equal(Masked, record.GetStructuredStateValue("Key"));
    }

    [Fact]
    public void Secret_header_values_never_pass_whatever_they_hold()
    {
        var logger = Logger(o => o.Authentication.HeaderName = "X-Partner-Credential");

        logger.LogInformation("Header {Authorization}", "Bearer opaque-token-1234");
        logger.LogInformation("Header {X-Partner-Credential}", "partner-opaque-5678");
        logger.Log(LogLevel.Information, new EventId(2), "Request:\nCookie: session=opaque-cookie-9\nAccept: */*", null, static (s, _) => s);
        logger.Log(LogLevel.Information, new EventId(3), "{\"Set-Cookie\":\"id=opaque-cookie-10\",\"Accept\":\"*/*\"}", null, static (s, _) => s);

        AssertEverywhere(text =>
        {
            Assert.DoesNotContain("opaque-token-1234", text, StringComparison.Ordinal);
            Assert.DoesNotContain("partner-opaque-5678", text, StringComparison.Ordinal);
            Assert.DoesNotContain("opaque-cookie-9", text, StringComparison.Ordinal);
            Assert.DoesNotContain("opaque-cookie-10", text, StringComparison.Ordinal);
            Assert.Contains("Accept", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Provider_secrets_are_replaced_unless_switched_off()
    {
        var token = "ghp_" + new string('A', 18) + new string('7', 18);

        var logger = Logger();
        logger.LogInformation("Token {Token}", token);
        AssertEverywhere(text => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
        Assert.Contains("[secret]", FakeCaptured(), StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_secrets_pass_when_switched_off_but_keys_never_do()
    {
        var token = "ghp_" + new string('A', 18) + new string('7', 18);

        var logger = Logger(o => o.Logging.Scrubbing.ProviderSecrets = false);
        logger.LogInformation("Token {Token} and {Key}", token, Key);

        AssertEverywhere(text =>
        {
            Assert.Contains(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Switched_off_the_layer_is_not_there()
    {
        var logger = Logger(o => o.Logging.Scrubbing.Enabled = false);

        logger.LogInformation("Key {Key}", Key);

        Assert.IsNotType<ScrubbingLoggerFactory>(_services!.GetRequiredService<ILoggerFactory>());
        Assert.Contains(Secret, FakeCaptured(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_record_reaches_providers_with_its_own_state_and_values()
    {
        var logger = Logger();

        logger.LogInformation("Order {OrderId} for {Customer} took {Elapsed} ms on {Day}", 42, "kim", 12.5, DateTimeOffset.UnixEpoch);

        var record = _services!.GetFakeLogCollector().LatestRecord;
        Assert.DoesNotContain("Scrubbed", record.State?.GetType().Name ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("Order 42 for kim took 12.5 ms on " + DateTimeOffset.UnixEpoch, record.Message);
    }

    [Fact]
    public void A_provider_added_to_the_factory_later_is_behind_the_layer_too()
    {
        var logger = Logger();
        var late = new CapturingLoggerProvider();
        _services!.GetRequiredService<ILoggerFactory>().AddProvider(late);

        _services!.GetRequiredService<ILoggerFactory>().CreateLogger("Late").LogInformation("Key {Key}", Key);
        logger.LogInformation("Key {Key}", Key);

        Assert.Equal(2, late.Records);
        Assert.DoesNotContain(Secret, Captured(late), StringComparison.Ordinal);
    }

    [Fact]
    public void UseRampart_fails_fast_when_the_factory_is_replaced_after_AddRampart()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRampart(o => o.Keys.Peppers[1] = LoggingTestApp.Pepper);
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.UseRampart());
        Assert.Contains("AddRampart()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_template_remembered_once_still_lets_a_key_in_its_values_be_masked()
    {
        var logger = Logger();
        const string template = "Order {Id} placed by {Caller}";

        logger.LogInformation(template, 1, "alice");
        logger.LogInformation(template, 2, Key);

        AssertEverywhere(text =>
        {
            Assert.Contains("alice", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.Contains(Masked, text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_struct_state_of_the_app_is_checked_as_a_class_state_is()
    {
        var logger = Logger();

        // Read without boxing: a key in a value, in a secret header's value, and in the text of a state without a template.
        logger.Log(LogLevel.Information, default, new AppState("Order {Id} paid by {Payer}", ("Id", 7), ("Payer", Key)), null, static (s, _) => s.ToString());
        logger.Log(LogLevel.Information, default, new AppState("Call with {Authorization}", ("Authorization", "Basic dXNlcjpwYXNz")), null, static (s, _) => s.ToString());
        logger.Log(LogLevel.Information, default, new AppState(null, ("Id", 8)) { Text = "untemplated text with " + Key }, null, static (s, _) => s.ToString());
        using (logger.BeginScope(new AppState("Scope for {Caller}", ("Caller", Key))))
        {
            logger.LogInformation("Inside the scope");
        }

        logger.Log(LogLevel.Information, default, new AppState("Order {Id} paid by {Payer}", ("Id", 9), ("Payer", "alice")), null, static (s, _) => s.ToString());

        AssertEverywhere(text =>
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("dXNlcjpwYXNz", text, StringComparison.Ordinal);
            Assert.Contains("Order 9 paid by alice", text, StringComparison.Ordinal);
        });
        Assert.Contains(Masked, Captured(_after), StringComparison.Ordinal);

        // The clean record reached the providers as the app's own state.
        Assert.Equal(typeof(AppState), _before.LastStateType);
        Assert.Equal(typeof(AppState), _after.LastStateType);
    }

    [Fact]
    public void Define_states_skip_only_values_whose_type_has_no_text_and_keep_checking_names_and_values_every_time()
    {
        var logger = Logger();
        var define = LoggerMessage.Define<int, string, Guid, DayOfWeek?>(LogLevel.Information, new EventId(3), "Order {Id} by {Caller} in {Batch} on {Day}");
        var header = LoggerMessage.Define<int, string>(LogLevel.Information, new EventId(4), "Retry {Attempt} sent {Authorization}");

        // Clean first, so the template and its names are remembered; then a key in the text value.
        define(logger, 1, "alice", Guid.Empty, DayOfWeek.Monday, null);
        define(logger, 2, "bob " + Key, Guid.Empty, null, null);
        define(logger, 3, "carol", Guid.Empty, DayOfWeek.Friday, null);

        // A secret header's value is redacted on every record, not only on the first one.
        for (var i = 0; i < 3; i++)
        {
            header(logger, i, "Basic dXNlcjpwYXNz", null);
        }

        AssertEverywhere(text =>
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("dXNlcjpwYXNz", text, StringComparison.Ordinal);
            Assert.Contains("Order 3 by carol", text, StringComparison.Ordinal);
        });
        var lines = Captured(_after).Split('\n');
        Assert.Equal(3, lines.Count(line => line.StartsWith("App.Orders[4] ", StringComparison.Ordinal) && line.Contains("[Redacted]", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(line => line == "Authorization=[Redacted]"));
    }

    [Fact]
    public void The_framework_layout_a_Define_state_is_read_by_is_the_one_assumed()
    {
        // The state LoggerMessage.Define hands to the logger, captured: value i must be of the i-th type argument.
        var capture = new StateCapturingLogger();
        LoggerMessage.Define<int, string, Guid, DateTimeOffset, DayOfWeek?, long>(LogLevel.Information, new EventId(5), "{A} {B} {C} {D} {E} {F}")(
            capture, 1, "x", Guid.NewGuid(), DateTimeOffset.UnixEpoch, DayOfWeek.Sunday, 9L, null);
        var type = capture.StateType!;

        Assert.True(StructuredValues.TypedValues.IsDefineState(type));
        var textless = StructuredValues.TypedValues.Textless(type);
        Assert.Equal(0b111101UL, textless);
        var arguments = type.GetGenericArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            var value = capture.Values![i].Value;
            Assert.True(value is null || (Nullable.GetUnderlyingType(arguments[i]) ?? arguments[i]) == value.GetType(), $"value {i} is {value?.GetType()}, not {arguments[i]}");
        }

        Assert.Equal(LogScrubber.OriginalFormat, capture.Values![^1].Key);

        // Any other state type gets no plan: every value is read.
        Assert.False(StructuredValues.TypedValues.IsDefineState(typeof(AppState)));
        Assert.Equal(0UL, StructuredValues.TypedValues.Textless(typeof(AppState)));
        Assert.False(StructuredValues.TypedValues.HasNoText(typeof(object)));
        Assert.False(StructuredValues.TypedValues.HasNoText(typeof(string)));
        Assert.False(StructuredValues.TypedValues.HasNoText(typeof(Uri)));
    }

    private sealed class StateCapturingLogger : ILogger
    {
        public Type? StateType { get; private set; }

        public IReadOnlyList<KeyValuePair<string, object?>>? Values { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            StateType = typeof(TState);
            Values = [.. (IReadOnlyList<KeyValuePair<string, object?>>)state!];
        }
    }

    [Fact]
    public void Value_names_are_remembered_by_reference_and_the_memo_counts_what_it_pushes_out()
    {
        var scrubber = new LogScrubber(new LogScrubbingOptions(), keyHeader: "X-Tenant-Key");
        for (var i = 0; i < 2_000; i++)
        {
            Assert.False(scrubber.IsSecretHeader($"Name{i:D4}"));
        }

        Assert.True(scrubber.NameEvictions > 0);

        // A name remembered as plain is the same instance; a header name is never remembered as plain.
        var plain = "StatusCode";
        Assert.False(scrubber.IsSecretHeader(plain));
        Assert.False(scrubber.IsSecretHeader(plain));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(scrubber.IsSecretHeader("Authorization"));
            Assert.True(scrubber.IsSecretHeader(new string("x-tenant-key".AsSpan())));
        }
    }

    private readonly struct AppState(string? template, params (string Name, object? Value)[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string? Text { get; init; }

        public int Count => values.Length + (template is null ? 0 : 1);

        public KeyValuePair<string, object?> this[int index]
            => index < values.Length ? new(values[index].Name, values[index].Value) : new(LogScrubber.OriginalFormat, template);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString()
        {
            if (Text is not null)
            {
                return Text;
            }

            var text = template ?? string.Empty;
            foreach (var (name, value) in values)
            {
                text = text.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            return text;
        }
    }

    [Fact]
    public void Templates_made_at_run_time_are_checked_each_time_and_the_memo_counts_what_it_pushes_out()
    {
        var scrubber = new LogScrubber(new LogScrubbingOptions(), keyHeader: null);

        // Many distinct clean templates: the memo has fewer slots, so some are pushed out, and counted.
        for (var i = 0; i < 2_000; i++)
        {
            Assert.False(scrubber.TemplateNeedsScrubbing($"Clean template number {i} with {{Value}}"));
        }

        Assert.True(scrubber.TemplateEvictions > 0);

        // A template built with a key in it is a new string: it is checked, never taken from the memo.
        var clean = "Caller {Caller} used key ";
        Assert.False(scrubber.TemplateNeedsScrubbing(clean));
        Assert.True(scrubber.TemplateNeedsScrubbing(clean + Key));
        Assert.True(scrubber.TemplateNeedsScrubbing(clean + Key));
    }

    public void Dispose() => _services?.Dispose();
}
