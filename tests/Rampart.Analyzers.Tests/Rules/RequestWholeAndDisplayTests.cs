using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Values that are the caller's data whatever they are named (the whole query string, an API Gateway request's
/// body or the request serialised whole), text an extension method builds from a person's members, and a
/// pattern variable, which holds the value it tested.
/// </summary>
public class RequestWholeAndDisplayTests
{
    private const string Gateway = """
        namespace Amazon.Lambda.APIGatewayEvents
        {
            using System.Collections.Generic;

            public class APIGatewayProxyRequest
            {
                public string Body { get; set; } = "";
                public string Path { get; set; } = "";
                public IDictionary<string, string> Headers { get; set; } = null!;
            }
        }
        """;

    [Fact]
    public async Task The_whole_query_string_and_an_API_Gateway_request_body_or_the_request_serialised_are_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Gateway + """

            namespace App
            {
                using System.Text.Json;
                using Amazon.Lambda.APIGatewayEvents;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                class C
                {
                    private readonly ILogger _logger = null!;

                    void M(HttpRequest request, APIGatewayProxyRequest proxy)
                    {
                        _logger.LogInformation("Reset link opened: {Query}", {|RMP0008:request.QueryString.Value|});
                        _logger.LogInformation("Reset link opened: {Query}", {|RMP0008:request.QueryString|});
                        _logger.LogInformation("Search: {Query}", {|RMP0008:request.Query|});
                        _logger.LogInformation("Received {Body}", {|RMP0008:proxy.Body|});
                        _logger.LogInformation("{Request}", {|RMP0008:JsonSerializer.Serialize(proxy)|});
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task One_query_parameter_by_a_neutral_key_the_path_and_counts_are_not_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync(Gateway + """

            namespace App
            {
                using Amazon.Lambda.APIGatewayEvents;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                class C
                {
                    private readonly ILogger _logger = null!;

                    void M(HttpRequest request, APIGatewayProxyRequest proxy)
                    {
                        _logger.LogInformation("Page {Page}", request.Query["page"]);
                        _logger.LogInformation("{Count} parameters, has query: {HasQuery}", request.Query.Count, request.QueryString.HasValue);
                        _logger.LogInformation("Received {Path} ({Length})", proxy.Path, proxy.Body.Length);
                        _logger.LogInformation("Request {Request}", proxy);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task An_extension_method_that_formats_a_person_from_personal_members_is_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Logging;

            public sealed class Patient
            {
                public Guid Id { get; set; }
                public string Email { get; set; } = "";
                public DateTime DateOfBirth { get; set; }
            }

            public static class PatientFormatting
            {
                public static string ToDisplayString(this Patient p) => $"{p.Email} ({p.DateOfBirth:dd/MM/yyyy})";
                public static string ShortRef(this Patient p, string ward) => $"{ward}/{p.Id.ToString("N")[..8]}";
                public static string MaskedEmail(this Patient p) => "***" + p.Email.Substring(p.Email.IndexOf('@'));
            }

            class C
            {
                private readonly ILogger _logger = null!;

                void Discharged(Patient p, string ward)
                {
                    _logger.LogInformation("Discharged {Patient}", {|RMP0008:p.ToDisplayString()|});
                    _logger.LogInformation("Discharged {Patient}", p.ShortRef(ward));
                    _logger.LogInformation("Discharged {Patient}", p.MaskedEmail());
                }
            }
            """);
    }

    [Fact]
    public async Task A_pattern_variable_holds_the_value_it_tested()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            public sealed class Entry
            {
                public string? Email { get; set; }
                public string? Code { get; set; }
            }

            class C
            {
                private readonly ILogger _logger = null!;

                void Sync(Entry entry)
                {
                    var who = entry.Email is { Length: > 0 } m ? m.Trim() : "none";
                    _logger.LogInformation("Syncing {Who}", {|RMP0008:who|});
                    var code = entry.Code is string c ? c : "none";
                    _logger.LogInformation("Syncing {What}", code);
                }
            }
            """);
    }
}
