using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Incidents.Alerts;
using Rampart.AspNetCore.Keys;
using Rampart.AspNetCore.Management;
using Rampart.AspNetCore.Redaction;
using Rampart.AspNetCore.Storage;

namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>
/// Decides each reported token: recognised offline by prefix and checksum (another format costs no lookup), looked up
/// by id, verified against the stored hash in constant time, then revoked or flagged by policy. "Not ours" and "not
/// found" are one verdict. Tokens are handled one at a time in this process, and the store revokes a key only if it
/// is not revoked yet, so a report and its replay, here or on another instance, revoke the same key once.
/// </summary>
internal sealed class LeakReportProcessor
{
    private const int MaxDetailLength = 300;

    private readonly IApiKeyStore _store;
    private readonly IApiKeyManager _keys;
    private readonly ApiKeyHasher _hasher;
    private readonly IAdminAuditLog _adminLog;
    private readonly AlertMonitor _alerts;
    private readonly LeakReportMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _auditLogger;
    private readonly string _prefix;
    private readonly LeakResponsePolicy _policy;
    private readonly ApiKeyRecord _standIn;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LeakReportProcessor(
        IApiKeyStore store,
        IApiKeyManager keys,
        ApiKeyHasher hasher,
        IAdminAuditLog adminLog,
        AlertMonitor alerts,
        LeakReportMetrics metrics,
        TimeProvider time,
        IOptions<RampartOptions> options,
        ILoggerFactory loggers)
    {
        _store = store;
        _keys = keys;
        _hasher = hasher;
        _adminLog = adminLog;
        _alerts = alerts;
        _metrics = metrics;
        _time = time;
        _logger = loggers.CreateLogger(LeakReportLog.Category);
        _auditLogger = loggers.CreateLogger(AuditLog.Category);
        _prefix = options.Value.Keys.Prefix;
        _policy = options.Value.Incidents.LeakReports.Policy;
        _standIn = hasher.CreateStandIn(_prefix, options.Value.Keys.Environment);
    }

    public ILogger Events => _logger;

    /// <summary>The verdict on <paramref name="token"/>. Store failures are thrown: the whole report is answered 503 and re-sent.</summary>
    public async Task<LeakVerdict> AssessAsync(ReportedToken token, string sender, CancellationToken cancellationToken)
    {
        if (ApiKeyParser.ParseAnyEnvironment(token.Token, _prefix, out var parsed) != ApiKeyParseStatus.Valid)
        {
            return Done(new LeakVerdict(LeakAction.None), token, null);
        }

        var keyId = parsed.KeyId.ToString();
        var environment = parsed.Environment;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await _store.FindAsync(keyId, cancellationToken).ConfigureAwait(false);
            if (!Verifies(record, environment, token.Token))
            {
                return Done(new LeakVerdict(LeakAction.None), token, null);
            }

            if (record!.RevokedAt is not null)
            {
                return Done(new LeakVerdict(LeakAction.AlreadyRevoked), token, record);
            }

            var verdict = new LeakVerdict(_policy == LeakResponsePolicy.RevokeImmediately ? LeakAction.Revoked : LeakAction.Flagged);
            if (verdict.Action == LeakAction.Revoked)
            {
                // Through the manager: caches are invalidated, other instances told, and key.revoked is logged. The store
                // revokes only once: when another instance sharing it got there first, this one answers "already revoked".
                var revocation = await _keys.TryRevokeAsync(keyId, cancellationToken).ConfigureAwait(false);
                if (!revocation.Revoked)
                {
                    return Done(new LeakVerdict(LeakAction.AlreadyRevoked), token, record);
                }
            }

            var details = Details(verdict, token);
            await RecordAsync(keyId, details, sender, cancellationToken).ConfigureAwait(false);
            _alerts.Raise(new RampartAlert
            {
                Id = AlertMonitor.NewAlertId(),
                RaisedAt = _time.GetUtcNow(),
                Signal = AlertSignal.LeakedKey,
                Reason = "leaked_key",
                Scope = AlertScope.Key,
                Organization = record.Organization,
                KeyId = keyId,
                Details = details,
            });
            return Done(verdict, token, record);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The same work whether or not the id exists: the stand-in is hashed when there is no usable record.
    private bool Verifies(ApiKeyRecord? record, ApiKeyEnvironment environment, string token)
    {
        var usable = record is not null && record.Environment == environment && string.Equals(record.Prefix, _prefix, StringComparison.Ordinal);
        var secret = token.AsSpan(token.Length - ApiKeyFormat.ChecksumLength - ApiKeyFormat.SecretLength, ApiKeyFormat.SecretLength);
        return _hasher.Verify(usable ? record! : _standIn, secret) == ApiKeyHashVerdict.Match && usable;
    }

    private LeakVerdict Done(LeakVerdict verdict, ReportedToken token, ApiKeyRecord? record)
    {
        var type = Neutral(token.Type);
        var source = Neutral(token.Source);
        if (record is null)
        {
            LeakReportLog.FalsePositive(_logger, type, source);
        }
        else
        {
            LeakReportLog.TruePositive(_logger, record.Id, record.Organization, type, source, verdict.ActionName);
        }

        _metrics.Assessed(verdict);
        return verdict;
    }

    private async Task RecordAsync(string keyId, string details, string sender, CancellationToken cancellationToken)
    {
        try
        {
            await _adminLog.AppendAsync(AdminActions.KeyLeakReported, keyId, details, $"secret scanner (signing key {sender})", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // As for every admin-log entry: the revocation stands and the failure is logged.
            AuditLog.AdminAppendFailed(_auditLogger, AdminActions.KeyLeakReported, keyId, exception);
        }
    }

    private static string Details(LeakVerdict verdict, ReportedToken token)
        => $"action={verdict.ActionName}; type={Neutral(token.Type) ?? "-"}; source={Neutral(token.Source) ?? "-"}; url={Neutral(token.Url) ?? "-"}";

    private static string? Neutral(string? value) => value is null ? null : LogValueSanitizer.Neutralize(value, MaxDetailLength);

    /// <summary>The hash reported back for a token: SHA-256, lower-case hex, so the answer never repeats a secret.</summary>
    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
