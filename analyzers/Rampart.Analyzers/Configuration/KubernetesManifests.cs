using System;
using System.Collections.Generic;
using System.Text;

namespace Rampart.Analyzers.Configuration;

/// <summary>
/// The YAML files of Helm charts and Kubernetes: a chart's values files by name, manifests by their
/// text (top-level <c>apiVersion:</c> and <c>kind:</c>), and the <c>data</c> of a <c>Secret</c>, whose
/// values are base64 (its <c>stringData</c>, like a ConfigMap's <c>data</c>, is plain text).
/// </summary>
internal static class KubernetesManifests
{
    /// <summary>A decoded Secret value longer than this is a file (a keystore, an archive), not a setting.</summary>
    private const int MaxDecodedLength = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary><c>values.yaml</c>, <c>values-production.yaml</c>, <c>values.prod.yml</c>: a Helm chart's values.</summary>
    public static bool IsHelmValuesFile(string name)
    {
        var stem = name.Substring(0, name.LastIndexOf('.'));
        return stem.Equals("values", StringComparison.OrdinalIgnoreCase)
            || (stem.Length > 7 && stem.StartsWith("values", StringComparison.OrdinalIgnoreCase) && stem[6] is '-' or '.' or '_');
    }

    /// <summary>True when the text has <c>apiVersion:</c> and <c>kind:</c> keys with values at the start of lines.</summary>
    public static bool IsManifest(string text)
        => HasTopLevelKey(text, "apiVersion:") && HasTopLevelKey(text, "kind:");

    private static bool HasTopLevelKey(string text, string key)
    {
        for (var i = text.IndexOf(key, StringComparison.Ordinal); i >= 0; i = text.IndexOf(key, i + key.Length, StringComparison.Ordinal))
        {
            var value = i + key.Length;
            if ((i == 0 || text[i - 1] == '\n') && value < text.Length && text[value] == ' ' && value + 1 < text.Length && text[value + 1] is not ('\r' or '\n'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The indexes of the entries that are a <c>Secret</c>'s <c>data</c> values. A document ends where
    /// the next one's <c>apiVersion</c> or <c>kind</c> starts (documents are separated by "---").
    /// </summary>
    public static HashSet<int>? SecretDataEntries(List<ConfigurationEntry> entries)
    {
        HashSet<int>? secretData = null;
        var data = new List<int>();
        string? kind = null;
        bool hasApiVersion = false, hasKind = false;
        for (var e = 0; e <= entries.Count; e++)
        {
            var key = e < entries.Count ? entries[e].Key : null;
            var endsDocument = key is null || (key == "apiVersion" && hasApiVersion) || (key == "kind" && hasKind);
            if (endsDocument)
            {
                if (kind == "Secret" && data.Count > 0)
                {
                    (secretData ??= new HashSet<int>()).UnionWith(data);
                }

                data.Clear();
                kind = null;
                hasApiVersion = hasKind = false;
            }

            if (key == "apiVersion")
            {
                hasApiVersion = true;
            }
            else if (key == "kind")
            {
                hasKind = true;
                kind = entries[e].Value;
            }
            else if (key is not null && key.StartsWith("data:", StringComparison.Ordinal) && key.IndexOf(':', 5) < 0)
            {
                data.Add(e);
            }
        }

        return secretData;
    }

    /// <summary>The text a Secret's base64 value stands for, or null when it is no base64 of UTF-8 text.</summary>
    public static string? DecodeData(string value)
    {
        if (value.Length < 8 || value.Length % 4 != 0 || value.Length > MaxDecodedLength * 4 / 3 + 4)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '='))
            {
                return null;
            }
        }

        try
        {
            var text = StrictUtf8.GetString(Convert.FromBase64String(value));
            foreach (var c in text)
            {
                if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
                {
                    return null;
                }
            }

            return text.TrimEnd('\n', '\r');
        }
        catch (FormatException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            // Invalid UTF-8 (DecoderFallbackException): binary data.
            return null;
        }
    }
}
