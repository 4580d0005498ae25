using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Loops that log every header's or every claim's value, a gRPC call's peer address and metadata, and the
/// credential of a parsed Authorization header; the keys, claim types, counts and scheme stay clean.
/// </summary>
public class LoopedEntriesAndCallDataTests
{
    private const string Grpc = """

        namespace Grpc.Core
        {
            public sealed class Metadata : System.Collections.Generic.List<Metadata.Entry>
            {
                public string? GetValue(string key) => null;

                public Entry? Get(string key) => null;

                public sealed class Entry { public string Key { get; } = ""; public string Value { get; } = ""; }
            }

            public abstract class ServerCallContext
            {
                public abstract string Peer { get; }

                public abstract string Method { get; }

                public abstract Metadata RequestHeaders { get; }
            }
        }
        """;

    [Fact]
    public async Task A_loop_over_the_request_headers_logs_every_value_and_not_the_names()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;
                using Microsoft.Extensions.Primitives;

                class C
                {
                    void Trace(ILogger logger, HttpContext context)
                    {
                        foreach (var (name, value) in context.Request.Headers)
                        {
                            logger.LogTrace("{Header}: {Value}", name, {|RMP0008:value.ToString()|});
                        }

                        foreach ((string key, StringValues values) in context.Request.Headers)
                        {
                            logger.LogTrace("{Header}: {Value}", key, {|RMP0008:values|});
                        }

                        logger.LogTrace("{Count} headers on {Path}", context.Request.Headers.Count, context.Request.Path);

                        var lengths = new System.Collections.Generic.Dictionary<string, int>();
                        foreach (var (name, length) in lengths)
                        {
                            logger.LogTrace("{Name}: {Length}", name, length);
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_loop_over_every_claim_logs_their_values_and_not_their_types()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Linq;
                using System.Security.Claims;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void Dump(ILogger logger, ClaimsPrincipal user)
                    {
                        foreach (var claim in user.Claims)
                        {
                            logger.LogDebug("{Type} = {Value}", claim.Type, {|RMP0008:claim.Value|});
                            logger.LogDebug("{Claim}", {|RMP0008:claim|});
                        }

                        foreach (var claim in user.Claims.Where(c => c.Type == ClaimTypes.Role))
                        {
                            logger.LogDebug("Role {Role}", claim.Value);
                        }

                        logger.LogDebug("Claim types present: {Types}", string.Join(",", user.Claims.Select(c => c.Type)));
                        logger.LogDebug("Claims {Claims}", string.Join(";", user.Claims.Select(c => $"{c.Type}={{|RMP0008:c.Value|}}")));
                        logger.LogDebug("Roles {Roles}", string.Join(";", user.Claims.Where(c => c.Type == ClaimTypes.Role).Select(c => c.Value)));
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_grpc_call_logs_the_peer_and_the_authorization_metadata_but_not_the_method_or_request_id()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + Grpc + """

            namespace App
            {
                using Grpc.Core;
                using Microsoft.Extensions.Logging;

                class UsageService(ILogger<UsageService> logger)
                {
                    public void GetUsage(string lineId, ServerCallContext context)
                    {
                        logger.LogInformation("Usage for {LineId} from {Peer}", lineId, {|RMP0008:context.Peer|});

                        var auth = context.RequestHeaders.GetValue("authorization");
                        logger.LogDebug("Usage for {LineId} with {Auth}", lineId, {|RMP0008:auth|});

                        logger.LogDebug("Headers {Headers}", {|RMP0008:context.RequestHeaders|});

                        logger.LogDebug("Token {Token}", {|RMP0008:context.RequestHeaders.Get("authorization")?.Value|});
                        logger.LogDebug("Token {Token}", {|RMP0008:context.RequestHeaders.Get("authorization")!.Value|});
                        logger.LogDebug("Tenant {Tenant}", context.RequestHeaders.Get("x-tenant")?.Value);
                        foreach (var entry in context.RequestHeaders)
                        {
                            logger.LogTrace("{Key}: {Value}", entry.Key, {|RMP0008:entry.Value|});
                        }

                        var requestId = context.RequestHeaders.GetValue("x-request-id");
                        logger.LogDebug("{Method}: usage for {LineId}, request {RequestId}", context.Method, lineId, requestId);
                        logger.LogDebug("{Count} metadata entries", context.RequestHeaders.Count);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_parsed_authorization_header_logs_its_credential_and_not_its_scheme()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Net.Http.Headers;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void Inspect(ILogger logger, string header)
                    {
                        var auth = AuthenticationHeaderValue.Parse(header);
                        logger.LogDebug("Auth {Scheme} {Parameter}", auth.Scheme, {|RMP0008:auth.Parameter|});
                        logger.LogDebug("Auth scheme {Scheme}", auth.Scheme);
                    }
                }
            }
            """);
    }
}
