using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Values named by where they come from: the session id and session cookie, a connection string or password
/// read by its configuration key or environment variable, a token made by Generate*Token, and the text a
/// SignalR hub method receives; a vet visit's reason is an animal's, not a person's health.
/// </summary>
public class SessionConfigurationAndChatNamesTests
{
    [Fact]
    public Task Sessions_configured_secrets_generated_tokens_and_hub_messages_are_reported_and_their_look_alikes_are_not()
        => Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.SignalR;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Logging;

            sealed class VetVisit { public string Reason { get; set; } = ""; public string PetName { get; set; } = ""; }

            sealed class InboxHub : Hub
            {
                private readonly ILogger<InboxHub> _logger = null!;
                public Task Send(string toUser, string text)
                {
                    _logger.LogDebug("Relay {Text}", {|RMP0008:text|});
                    return Task.CompletedTask;
                }
            }

            sealed class C
            {
                async Task M(ILogger logger, HttpContext ctx, HttpRequest request, IConfiguration config, UserManager<IdentityUser> users, IdentityUser user)
                {
                    logger.LogDebug("Session {Id}", {|RMP0008:ctx.Session.Id|});
                    if (request.Cookies.TryGetValue(".AspNetCore.Session", out var sid))
                        logger.LogWarning("Unknown session {Sid}", {|RMP0008:sid|});
                    var cs = config["ConnectionStrings:Claims"];
                    logger.LogInformation("Db {Cs}", {|RMP0008:cs|});
                    logger.LogInformation("Pw {Pw}", {|RMP0008:Environment.GetEnvironmentVariable("DB_PASSWORD")|});
                    var code = await users.GenerateTwoFactorTokenAsync(user, "Phone");
                    logger.LogDebug("2FA {Code}", {|RMP0008:code|});
                }

                async Task Clean(ILogger logger, HttpContext ctx, IConfiguration config, UserManager<IdentityUser> users, IdentityUser user, VetVisit visit, Guid sessionId)
                {
                    logger.LogDebug("Session {Available}", ctx.Session.IsAvailable);
                    logger.LogInformation("Region {Region} {Env}", config["Hosting:Region"], Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"));
                    var code = await users.GenerateTwoFactorTokenAsync(user, "Phone");
                    logger.LogDebug("2FA {Digits}", code.Length);
                    logger.LogInformation("Visit for {Pet}: {Reason}", visit.PetName, visit.Reason);
                    logger.LogInformation("Therapy session {SessionId}", sessionId);
                }
            }
            """);
}
