namespace Rampart.AspNetCore.Redaction;

/// <summary>Why a JSON body cannot be logged; the placeholder written instead names it.</summary>
internal enum JsonNotLoggable
{
    /// <summary>It can: the redacted body was written.</summary>
    None,

    /// <summary>Not valid JSON, so its fields cannot be told apart.</summary>
    Invalid,

    /// <summary>It holds comments, which are not fields and cannot be judged or redacted.</summary>
    Comments,

    /// <summary>Nested deeper than the redactor follows.</summary>
    TooDeep,
}
