using Microsoft.CodeAnalysis.Text;

namespace Rampart.Analyzers.Configuration;

/// <summary>One value in a configuration file: its key, its decoded text and where its text is.</summary>
internal readonly struct ConfigurationEntry
{
    public ConfigurationEntry(string key, string value, TextSpan span)
    {
        Key = key;
        Value = value;
        Span = span;
    }

    /// <summary>The key, with its parent section when there is one ("Jwt:SigningKey").</summary>
    public string Key { get; }

    /// <summary>The value, unescaped.</summary>
    public string Value { get; }

    /// <summary>The value's text in the file, without quotes.</summary>
    public TextSpan Span { get; }
}
