using System.Diagnostics.Metrics;
using System.Globalization;
using Rampart.AspNetCore.Diagnostics;

namespace Rampart.AspNetCore.Secrets;

/// <summary>
/// <c>rampart.secrets.envelopes</c> (counter, <c>rampart.key_version</c>): envelopes made under each
/// master-key version. AES-GCM with random 96-bit nonces stays within its collision bound for about
/// 2^32 encryptions under one key (NIST SP 800-38D, 8.3); summed over every instance since a version
/// became current, this says when to rotate well before that.
/// </summary>
internal sealed class SecretMetrics
{
    public const string EnvelopesName = "rampart.secrets.envelopes";

    private readonly Counter<long> _envelopes;

    public SecretMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RampartMetrics.MeterName);
        _envelopes = meter.CreateCounter<long>(EnvelopesName, "{envelope}", "Secret envelopes made, by master-key version.");
    }

    public void EnvelopeMade(int keyVersion)
    {
        if (_envelopes.Enabled)
        {
            // Versions are few and chosen by the operator, so the tag's cardinality stays small.
            _envelopes.Add(1, new KeyValuePair<string, object?>("rampart.key_version", keyVersion.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
