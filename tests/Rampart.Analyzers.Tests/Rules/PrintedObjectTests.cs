using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// An object logged whole writes what its ToString prints: a class's own override is read for the members it
/// mentions, as is a record's own PrintMembers; a serialised object leaves out its [JsonIgnore] members.
/// </summary>
public class PrintedObjectTests
{
    [Fact]
    public async Task A_class_whose_ToString_prints_personal_members_is_reported_when_logged_whole()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Logging;

            public sealed class HotelGuest
            {
                public Guid GuestId { get; init; }
                public string Email { get; init; } = "";
                public override string ToString() => $"{GuestId} <{Email}>";
            }

            public sealed class Booking
            {
                public Guid BookingId { get; init; }
                public string Email { get; init; } = "";
                public override string ToString() => "Booking " + BookingId;
            }

            public sealed class Room
            {
                public string Email { get; init; } = "";
            }

            class C
            {
                private readonly ILogger _logger = null!;

                void CheckedIn(HotelGuest g, Booking b, Room r)
                {
                    _logger.LogInformation("Checked in {Guest}", {|RMP0008:g|});
                    _logger.LogInformation("Booked {Booking}", b);
                    _logger.LogInformation("Room {Room}", r);
                }
            }
            """);
    }

    [Fact]
    public async Task A_record_whose_PrintMembers_leaves_out_personal_members_is_not_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System;
            using System.Text;
            using Microsoft.Extensions.Logging;

            public sealed record Courier(Guid CourierId, string Phone, string Zone)
            {
                private bool PrintMembers(StringBuilder builder)
                {
                    builder.Append("CourierId = ").Append(CourierId).Append(", Zone = ").Append(Zone);
                    return true;
                }
            }

            public sealed record Rider(Guid RiderId, string Phone)
            {
                private bool PrintMembers(StringBuilder builder)
                {
                    builder.Append("Phone = ").Append(Phone);
                    return true;
                }
            }

            public sealed record Sender(Guid SenderId, string Phone);

            class C
            {
                private readonly ILogger _logger = null!;

                void Assigned(Courier c, Rider r, Sender s)
                {
                    _logger.LogInformation("Assigned {Courier}", c);
                    _logger.LogInformation("Assigned {Rider}", {|RMP0008:r|});
                    _logger.LogInformation("Assigned {Sender}", {|RMP0008:s|});
                }
            }
            """);
    }

    [Fact]
    public async Task A_serialised_object_whose_only_sensitive_member_is_JsonIgnore_is_not_reported()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using Microsoft.Extensions.Logging;

            public sealed class PlanChange
            {
                public string Plan { get; set; } = "";
                [JsonIgnore]
                public string CouponSecret { get; set; } = "";
            }

            public sealed class Signup
            {
                public string Plan { get; set; } = "";
                [JsonIgnore]
                public string Password { get; set; } = "";
                public string Email { get; set; } = "";
            }

            public sealed class Invite
            {
                public string Plan { get; set; } = "";
                [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
                public string? Email { get; set; }
            }

            class C
            {
                private readonly ILogger _logger = null!;

                void Changed(PlanChange c, Signup s, Invite i)
                {
                    _logger.LogInformation("Plan change {Json}", JsonSerializer.Serialize(c));
                    _logger.LogInformation("Signup {Json}", {|RMP0008:JsonSerializer.Serialize(s)|});
                    _logger.LogInformation("Invite {Json}", {|RMP0008:JsonSerializer.Serialize(i)|});
                }
            }
            """);
    }
}
