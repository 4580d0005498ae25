using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// A local assigned after its declaration, an out variable of a keyed look-up, and data encoded as Base64,
/// hex or escaped text: what they hold is logged; a hash, a count and a value assigned after the log are not.
/// </summary>
public class AssignedAndEncodedValuesTests
{
    [Fact]
    public async Task A_local_is_judged_by_what_the_block_assigns_it_before_the_log()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using Microsoft.Extensions.Logging;

                sealed class Contact { public string Email { get; set; } = ""; public string Region { get; set; } = ""; }

                class C
                {
                    void M(ILogger logger, Contact contact, bool known)
                    {
                        var target = "unknown";
                        if (known)
                        {
                            target = contact.Email;
                        }

                        logger.LogInformation("Notifying {Target}", {|RMP0008:target|});

                        string line = "Contact ";
                        line += contact.Email;
                        logger.LogInformation({|RMP0008:line|});

                        var area = "none";
                        if (known) area = contact.Region;
                        logger.LogInformation("Area {Area}", area);

                        var next = "none";
                        logger.LogInformation("Next {Next}", next);
                        next = contact.Email;
                        System.GC.KeepAlive(next);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task An_out_variable_of_a_keyed_lookup_is_named_by_its_key()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System.Net.Http;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, HttpContext context, HttpRequestMessage outgoing)
                    {
                        if (context.Request.Headers.TryGetValue("Authorization", out var value))
                        {
                            logger.LogDebug("Caller sent {Value}", {|RMP0008:value|});
                        }

                        if (outgoing.Headers.TryGetValues("Authorization", out var values))
                        {
                            logger.LogDebug("Forwarding {Values}", {|RMP0008:values|});
                        }

                        if (context.Request.Headers.TryGetValue("X-Request-Id", out var requestId))
                        {
                            logger.LogDebug("Request {RequestId}", requestId);
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Data_encoded_as_base64_hex_or_escaped_text_is_still_logged()
    {
        await Verify<LoggingAnalyzer>.ComplianceAnalyzerAsync(LoggingSources.Model + """

            namespace App
            {
                using System;
                using System.Security.Cryptography;
                using System.Text;
                using Microsoft.Extensions.Logging;

                class C
                {
                    void M(ILogger logger, string password, byte[] passwordBytes, string email, byte[] payload, Demo.Plain plain)
                    {
                        logger.LogDebug("Credential {Encoded}", {|RMP0008:Convert.ToBase64String(Encoding.UTF8.GetBytes(password))|});
                        logger.LogDebug("Credential {Hex}", {|RMP0008:Convert.ToHexString(passwordBytes)|});
                        logger.LogDebug("Redirect for {Email}", {|RMP0008:Uri.EscapeDataString(email)|});
                        logger.LogDebug("Contact {Email}", {|RMP0007:Uri.EscapeDataString(plain.Email)|});

                        logger.LogDebug("Fingerprint {Hash}", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password))));
                        logger.LogDebug("Payload {Payload}", Convert.ToBase64String(payload));
                        logger.LogDebug("Payload of {Bytes} bytes", payload.Length);
                    }
                }
            }
            """);
    }
}
