using System.Text.Json.Serialization;

namespace Rampart.AspNetCore.Storage;

/// <summary>Source-generated JSON for the scope lists stores keep as text.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ApiKeyRecordJson : JsonSerializerContext;
