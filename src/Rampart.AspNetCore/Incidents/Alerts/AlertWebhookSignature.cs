using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>
/// The webhook's signature: <c>v1=</c> and the lower-case hex of HMAC-SHA256 under the shared secret of the ASCII
/// timestamp (Unix seconds), a dot and the raw body. Signing the timestamp lets receivers refuse replays.
/// </summary>
internal static class AlertWebhookSignature
{
    public const string SignatureHeader = "Rampart-Signature";
    public const string TimestampHeader = "Rampart-Timestamp";
    public const string AlertIdHeader = "Rampart-Alert-Id";

    public static string Sign(byte[] secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, message));
    }
}
