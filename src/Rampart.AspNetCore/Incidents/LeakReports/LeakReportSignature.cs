using System.Security.Cryptography;

namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>ECDSA P-256 / SHA-256 over the raw report body, as secret scanners sign the reports they send to token issuers.</summary>
internal static class LeakReportSignature
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>The longest header value read (a DER P-256 signature is at most 72 bytes, 96 in base64).</summary>
    public const int MaxHeaderLength = 256;

    /// <summary>Reads a PEM <c>PUBLIC KEY</c> and keeps it as SubjectPublicKeyInfo when it is a P-256 key. Never throws.</summary>
    public static bool TryReadPublicKey(string? pem, out byte[] subjectPublicKeyInfo)
    {
        subjectPublicKeyInfo = [];
        if (string.IsNullOrWhiteSpace(pem) || pem.Length > 16 * 1024)
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            if (ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid?.Value != P256Oid)
            {
                return false;
            }

            subjectPublicKeyInfo = ecdsa.ExportSubjectPublicKeyInfo();
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Decodes the base64 signature header; false for anything that is not a plausible signature.</summary>
    public static bool TryDecode(string? header, out byte[] signature)
    {
        signature = [];
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
        {
            return false;
        }

        var buffer = new byte[header.Length];
        if (!Convert.TryFromBase64String(header.Trim(), buffer, out var written) || written == 0)
        {
            return false;
        }

        signature = buffer[..written];
        return true;
    }

    /// <summary>True when <paramref name="signature"/> (ASN.1 DER) signs <paramref name="body"/> under the key. A fresh key object per call: reports are rare and this keeps verification free of shared state.</summary>
    public static bool Verify(byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> body, ReadOnlySpan<byte> signature)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return ecdsa.VerifyData(body, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
