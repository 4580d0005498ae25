using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Management.CommandLine;

/// <summary>
/// <c>keys create|list|get|update|revoke|rotate|stats</c> and <c>keys subject export|erase</c>, run against the app's own services (its store,
/// options and pepper). Exit codes: 0 done, 1 unexpected failure, 2 invalid input, 3 unknown key,
/// 4 the key's state forbids the change, 5 the store is unavailable. Only <c>create</c> and
/// <c>rotate</c> print a key, once, on standard output.
/// </summary>
internal sealed partial class RampartKeysCommand
{
    private readonly IServiceProvider _services;

    private RampartKeysCommand(IServiceProvider services)
    {
        _services = services;
    }

    public static async Task<int> InvokeAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RampartKeysCommand(services).Build();
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run with --help for usage.");
            return ApiKeyManagementProblem.ExitInvalidInput;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    private RootCommand Build()
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text.", Recursive = true };
        var keys = new Command("keys", "Create and manage API keys.") { json };
        keys.Add(CreateCommand(json));
        keys.Add(ListCommand(json));
        keys.Add(GetCommand(json));
        keys.Add(UpdateCommand(json));
        keys.Add(RevokeCommand(json));
        keys.Add(RotateCommand(json));
        keys.Add(StatsCommand(json));
        keys.Add(SubjectCommand(json));
        return new RootCommand("Rampart key management.") { keys };
    }

    private Command CreateCommand(Option<bool> json)
    {
        var name = new Option<string>("--name") { Description = "A human name for the key, shown in logs instead of the key.", Required = true };
        var scopes = ScopesOption(required: true);
        var owner = new Option<string>("--owner") { Description = "Who the key is for. Default: the current user name." };
        var organization = new Option<string>("--organization", "--org") { Description = "The organisation (tenant). Default: 'default'." };
        var environment = new Option<string>("--env") { Description = "live or test. Default: the app's environment." };
        environment.AcceptOnlyFromAmong("live", "test");
        var expires = new Option<string>("--expires") { Description = "A duration (90d, 24h) or an ISO 8601 date-time. Default: never." };
        var tier = new Option<string>("--tier") { Description = "The rate-limit tier. Default: the default tier." };
        var command = new Command("create", "Issue a key. The key is printed once and cannot be shown again.") { name, scopes, owner, organization, environment, expires, tier };
        command.SetAction((result, cancellationToken) => RunAsync(result, async (manager, now, output) =>
        {
            DateTimeOffset? expiresAt = null;
            if (result.GetValue(expires) is { } expiresText)
            {
                expiresAt = ApiKeyDuration.TryParseExpiry(expiresText, now, out var parsed)
                    ? parsed
                    : throw Invalid("--expires must be a duration such as 90d or an ISO 8601 date-time such as 2027-01-31T00:00:00Z.");
            }

            var created = await manager.CreateAsync(
                new ApiKeyCreateRequest
                {
                    Name = result.GetValue(name)!,
                    Scopes = SplitScopes(result.GetValue(scopes)),
                    Owner = result.GetValue(owner) ?? System.Environment.UserName,
                    Organization = result.GetValue(organization) ?? "default",
                    Environment = result.GetValue(environment) is { } env ? (env == "test" ? ApiKeyEnvironment.Test : ApiKeyEnvironment.Live) : null,
                    ExpiresAt = expiresAt,
                    Tier = result.GetValue(tier),
                },
                cancellationToken);
            Audit(logger => ManagementLog.Created(logger, created.Record.Id, created.Record.Name, Actor));
            await WriteCreatedAsync(output, result.GetValue(json), new CreatedApiKeyView(created.Key, ApiKeyView.From(created.Record, now)));
        }));
        return command;
    }

    private Command ListCommand(Option<bool> json)
    {
        var organization = new Option<string>("--organization", "--org") { Description = "Only keys of this organisation." };
        var environment = new Option<string>("--env") { Description = "Only live or only test keys." };
        environment.AcceptOnlyFromAmong("live", "test");
        var revoked = new Option<bool?>("--revoked") { Description = "true: only revoked keys; false: only keys not revoked." };
        var pageSize = new Option<int>("--page-size") { Description = $"Keys per page, 1 to {ApiKeyQuery.MaxPageSize}.", DefaultValueFactory = _ => 50 };
        var after = new Option<string>("--after") { Description = "The continuation token printed with the previous page." };
        var all = new Option<bool>("--all") { Description = "Follow every page." };
        var command = new Command("list", "List keys, masked.") { organization, environment, revoked, pageSize, after, all };
        command.SetAction((result, cancellationToken) => RunAsync(result, async (manager, now, output) =>
        {
            var size = result.GetValue(pageSize);
            if (size is < 1 or > ApiKeyQuery.MaxPageSize)
            {
                throw Invalid($"--page-size must be from 1 to {ApiKeyQuery.MaxPageSize}.");
            }

            var query = new ApiKeyQuery
            {
                Organization = result.GetValue(organization),
                Environment = result.GetValue(environment) is { } env ? (env == "test" ? ApiKeyEnvironment.Test : ApiKeyEnvironment.Live) : null,
                Revoked = result.GetValue(revoked),
                PageSize = size,
                ContinuationToken = result.GetValue(after),
            };
            var items = new List<ApiKeyView>();
            ApiKeyPage page;
            do
            {
                page = await manager.ListAsync(query, cancellationToken);
                items.AddRange(page.Items.Select(r => ApiKeyView.From(r, now)));
                query = query with { ContinuationToken = page.ContinuationToken };
            }
            while (result.GetValue(all) && page.ContinuationToken is not null);

            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new ApiKeyListView(items, page.ContinuationToken), ApiKeyEndpointBodies.Json));
                return;
            }

            await WriteTableAsync(output, items);
            if (page.ContinuationToken is { } token)
            {
                await output.WriteLineAsync($"More keys: add --after {token}");
            }
        }));
        return command;
    }

    private Command GetCommand(Option<bool> json)
    {
        var id = IdArgument();
        var command = new Command("get", "Show one key, masked.") { id };
        command.SetAction((result, cancellationToken) => RunAsync(result, async (manager, now, output) =>
        {
            var record = await manager.GetAsync(result.GetValue(id)!, cancellationToken)
                ?? throw new ApiKeyManagementException(ApiKeyManagementError.NotFound, "No key has that id.");
            var limits = await manager.GetRateLimitStatusAsync(record, cancellationToken);
            await WriteKeyAsync(output, result.GetValue(json), ApiKeyView.From(record, now) with { RateLimits = limits });
        }));
        return command;
    }

    private Command UpdateCommand(Option<bool> json)
    {
        var id = IdArgument();
        var name = new Option<string>("--name") { Description = "A new name." };
        var scopes = ScopesOption(required: false);
        var expires = new Option<string>("--expires") { Description = "A new expiry: a duration (90d) or an ISO 8601 date-time." };
        var command = new Command("update", "Change a key's name, scopes or expiry.") { id, name, scopes, expires };
        command.SetAction((result, cancellationToken) => RunAsync(result, async (manager, now, output) =>
        {
            DateTimeOffset? expiresAt = null;
            if (result.GetValue(expires) is { } expiresText)
            {
                expiresAt = ApiKeyDuration.TryParseExpiry(expiresText, now, out var parsed)
                    ? parsed
                    : throw Invalid("--expires must be a duration such as 90d or an ISO 8601 date-time such as 2027-01-31T00:00:00Z.");
            }

            var request = new ApiKeyUpdateRequest
            {
                Name = result.GetValue(name),
                Scopes = result.GetResult(scopes) is null ? null : SplitScopes(result.GetValue(scopes)),
                ExpiresAt = expiresAt,
            };
            var record = await manager.UpdateAsync(result.GetValue(id)!, request, cancellationToken);
            Audit(logger => ManagementLog.Updated(logger, record.Id, record.Name, Actor));
            await WriteKeyAsync(output, result.GetValue(json), ApiKeyView.From(record, now));
        }));
        return command;
    }

    private Command RevokeCommand(Option<bool> json)
    {
        var id = IdArgument();
        var command = new Command("revoke", "Revoke a key at once.") { id };
        command.SetAction((result, cancellationToken) => RunAsync(result, async (manager, now, output) =>
        {
            var (record, revoked) = await manager.TryRevokeAsync(result.GetValue(id)!, cancellationToken);
            if (revoked)
            {
                Audit(logger => ManagementLog.Revoked(logger, record.Id, record.Name, Actor));
            }

            await WriteKeyAsync(output, result.GetValue(json), ApiKeyView.From(record, now));
        }));
        return command;
    }

    private Command RotateCommand(Option<bool> json)
    {
        var id = IdArgument();
        var grace = new Option<string>("--grace") { Description = "How long the old key keeps working (24h, 7d). Default: the configured default." };
        var command = new Command("rotate", "Issue a replacement key; the old one works for the grace period. The new key is printed once.") { id, grace };
        command.SetAction((result, cancellationToken) => RunAsync(result, async (manager, now, output) =>
        {
            TimeSpan? gracePeriod = null;
            if (result.GetValue(grace) is { } graceText)
            {
                gracePeriod = ApiKeyDuration.TryParse(graceText, out var parsed) ? parsed : throw Invalid("--grace must be a duration such as 24h or 7d.");
            }

            var keyId = result.GetValue(id)!;
            var created = await manager.RotateAsync(keyId, gracePeriod, cancellationToken);
            var old = await manager.GetAsync(keyId, cancellationToken);
            Audit(logger => ManagementLog.Rotated(logger, keyId, created.Record.Name, created.Record.Id, old?.ExpiresAt, Actor));
            await WriteCreatedAsync(output, result.GetValue(json), new CreatedApiKeyView(created.Key, ApiKeyView.From(created.Record, now), old is null ? null : ApiKeyView.From(old, now)));
        }));
        return command;
    }

    private Command StatsCommand(Option<bool> json)
    {
        var command = new Command("stats", "Count keys per hash scheme and pepper version, to know when a pepper version can be removed.");
        command.SetAction((result, cancellationToken) => RunAsync(result, async (manager, now, output) =>
        {
            var counts = await manager.CountByHashAsync(cancellationToken);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(counts, ApiKeyEndpointBodies.Json));
                return;
            }

            await output.WriteLineAsync("hash  pepper  keys      usable");
            foreach (var count in counts)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"v{count.HashVersion,-4} {count.PepperVersion,-7} {count.Keys,-9} {count.UsableKeys}"));
            }

            await output.WriteLineAsync("A pepper version can be removed once no usable key is hashed under it; scheme 1 keys are re-hashed when they next verify.");
        }));
        return command;
    }

    private static string Actor => $"command line ({System.Environment.UserName})";

    private Task<int> RunAsync(ParseResult result, Func<IApiKeyManager, DateTimeOffset, TextWriter, Task> work)
        => RunAsync(result, (services, now, output) => work(services.GetRequiredService<IApiKeyManager>(), now, output));

    private async Task<int> RunAsync(ParseResult result, Func<IServiceProvider, DateTimeOffset, TextWriter, Task> work)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        try
        {
            using var scope = _services.CreateScope();
            var now = _services.GetRequiredService<TimeProvider>().GetUtcNow();
            await work(scope.ServiceProvider, now, output);
            return ApiKeyManagementProblem.ExitSuccess;
        }
        catch (Exception exception) when (ApiKeyManagementProblem.From(exception) is { } refusal)
        {
            Audit(logger => ManagementLog.Refused(logger, refusal.Problem.Code, Actor, refusal.Detail));
            await error.WriteLineAsync($"error ({refusal.Problem.Code}): {refusal.Detail}");
            return refusal.Problem.ExitCode;
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
        {
            // Configuration problems (a missing pepper, a database from a newer version): the messages name settings, never secrets.
            await error.WriteLineAsync($"error: {exception.Message}");
            return ApiKeyManagementProblem.ExitFailure;
        }
    }

    private void Audit(Action<ILogger> write)
        => write(_services.GetRequiredService<ILoggerFactory>().CreateLogger(ManagementLog.Category));

    private static Argument<string> IdArgument() => new("id") { Description = "The key id (the 12 characters after prefix_env_)." };

    private static Option<string[]> ScopesOption(bool required) => new("--scopes", "--scope")
    {
        Description = "Scopes as resource:action, separated by spaces or commas (orders:read,orders:write).",
        Required = required,
        AllowMultipleArgumentsPerToken = true,
    };

    // "a b" arrives as one token when quoted: spaces separate scopes as commas do.
    private static readonly char[] ScopeSeparators = [',', ' ', '\t'];

    private static string[] SplitScopes(string[]? values)
        => values is null ? [] : values.SelectMany(v => v.Split(ScopeSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    private static ApiKeyManagementException Invalid(string message) => new(ApiKeyManagementError.InvalidArgument, message);

    private static async Task WriteCreatedAsync(TextWriter output, bool json, CreatedApiKeyView view)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(view, ApiKeyEndpointBodies.Json));
            return;
        }

        await output.WriteLineAsync(view.Key);
        await output.WriteLineAsync();
        await output.WriteLineAsync("Store this key now: it is shown only once and cannot be recovered.");
        await WriteDetailsAsync(output, view.Record);
        if (view.Rotated is { } old)
        {
            await output.WriteLineAsync($"The old key {old.Id} keeps working until {Time(old.ExpiresAt)}.");
        }
    }

    private static async Task WriteKeyAsync(TextWriter output, bool json, ApiKeyView view)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(view, ApiKeyEndpointBodies.Json));
            return;
        }

        await WriteDetailsAsync(output, view);
    }

    private static async Task WriteDetailsAsync(TextWriter output, ApiKeyView view)
    {
        await output.WriteLineAsync($"id:           {view.Id}");
        await output.WriteLineAsync($"key:          {view.Display}");
        await output.WriteLineAsync($"name:         {view.Name}");
        await output.WriteLineAsync($"owner:        {view.Owner}");
        await output.WriteLineAsync($"organization: {view.Organization}");
        await output.WriteLineAsync($"environment:  {view.Environment}");
        await output.WriteLineAsync($"scopes:       {string.Join(' ', view.Scopes)}");
        await output.WriteLineAsync($"state:        {view.State}");
        await output.WriteLineAsync($"created:      {Time(view.CreatedAt)}");
        await output.WriteLineAsync($"expires:      {Time(view.ExpiresAt)}");
        if (view.RevokedAt is not null)
        {
            await output.WriteLineAsync($"revoked:      {Time(view.RevokedAt)}");
        }

        if (view.ReplacedBy is not null)
        {
            await output.WriteLineAsync($"replaced by:  {view.ReplacedBy}");
        }

        await output.WriteLineAsync($"last used:    {Time(view.LastUsedAt)}");
        if (view.RateLimits is { } limits)
        {
            await WriteLimitsAsync(output, limits);
        }
    }

    private static async Task WriteLimitsAsync(TextWriter output, ApiKeyRateLimitStatus limits)
    {
        await output.WriteLineAsync(limits.Available ? "rate limits:  (remaining / limit, resets)" : "rate limits:  (remaining unavailable: the limiter cannot read its counters)");
        foreach (var window in limits.Key.Concat(limits.Organization))
        {
            var remaining = window.Remaining is { } left ? left.ToString(CultureInfo.InvariantCulture) : "?";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {window.Name,-12} {remaining} / {window.Limit}, resets {Time(window.ResetsAt)}"));
        }
    }

    private static async Task WriteTableAsync(TextWriter output, IReadOnlyList<ApiKeyView> items)
    {
        string[] header = ["ID", "NAME", "ORGANIZATION", "ENV", "STATE", "EXPIRES", "LAST USED", "SCOPES"];
        var rows = items.Select(v => new[] { v.Id, v.Name, v.Organization, v.Environment, v.State, Time(v.ExpiresAt), Time(v.LastUsedAt), string.Join(' ', v.Scopes) }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        await output.WriteLineAsync(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }

        if (rows.Count == 0)
        {
            await output.WriteLineAsync("(no keys)");
        }
    }

    private static string Time(DateTimeOffset? value)
        => value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
