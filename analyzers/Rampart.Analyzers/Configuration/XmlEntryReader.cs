using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace Rampart.Analyzers.Configuration;

/// <summary>
/// Reads attribute values of an XML configuration file (web.config, app.config): every attribute
/// under its own name, and <c>&lt;add key="k" value="v"/&gt;</c> pairs under the key. Tolerant and
/// bounded: a regular expression with a time-out over the text, no XML parser.
/// </summary>
internal static class XmlEntryReader
{
    private static readonly Regex Element = new(@"<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:""[^""]*""|'[^']*'))*)\s*/?>", RegexOptions.CultureInvariant, System.TimeSpan.FromSeconds(1));
    private static readonly Regex Attribute = new(@"([\w.:-]+)\s*=\s*(?:""([^""]*)""|'([^']*)')", RegexOptions.CultureInvariant, System.TimeSpan.FromSeconds(1));

    public static List<ConfigurationEntry> Read(string text)
    {
        var entries = new List<ConfigurationEntry>();
        try
        {
            foreach (Match element in Element.Matches(text))
            {
                string? key = null;
                foreach (Match attribute in Attribute.Matches(element.Groups[2].Value))
                {
                    var name = attribute.Groups[1].Value;
                    var group = attribute.Groups[2].Success ? attribute.Groups[2] : attribute.Groups[3];
                    var start = element.Groups[2].Index + group.Index;
                    var value = Decode(group.Value);
                    if (name == "key" || name == "name")
                    {
                        key = value;
                    }
                    else if (name == "value")
                    {
                        entries.Add(new ConfigurationEntry(key ?? name, value, new TextSpan(start, group.Length)));
                        continue;
                    }

                    entries.Add(new ConfigurationEntry(name, value, new TextSpan(start, group.Length)));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological file: report what was read.
        }

        return entries;
    }

    private static string Decode(string value)
        => value.IndexOf('&') < 0
            ? value
            : value.Replace("&quot;", "\"").Replace("&apos;", "'").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
}
