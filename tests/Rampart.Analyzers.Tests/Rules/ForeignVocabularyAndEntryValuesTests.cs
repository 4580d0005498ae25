using Rampart.Analyzers.Logging;
using Rampart.Analyzers.Tests.Infrastructure;

namespace Rampart.Analyzers.Tests.Rules;

/// <summary>
/// Personal data named in other languages, one-time codes, vehicle plates and password hashes, and
/// the values of a loop over the request's headers.
/// </summary>
public class ForeignVocabularyAndEntryValuesTests
{
    [Fact]
    public async Task Personal_data_named_in_german_spanish_french_and_dutch_is_reported_and_other_words_are_not()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            public sealed class Konto
            {
                public string Vorname { get; set; } = "";
                public string Nachname { get; set; } = "";
                public string Geburtsdatum { get; set; } = "";
                public string Telefon { get; set; } = "";
                public string Kontostand { get; set; } = "";
                public string Nom { get; set; } = "";
            }

            class C
            {
                void M(ILogger logger, Konto k, string correo, string courriel, string telefono, string nombreCompleto, string voornaam, string pedido, string nombre)
                {
                    logger.LogInformation("Konto für {Vorname} {Nachname}", {|RMP0008:k.Vorname|}, {|RMP0008:k.Nachname|});
                    logger.LogInformation("Alter {Geburtsdatum}, SMS an {Telefon}", {|RMP0008:k.Geburtsdatum|}, {|RMP0008:k.Telefon|});
                    logger.LogInformation("Correo {Correo} courriel {Courriel}", {|RMP0008:correo|}, {|RMP0008:courriel|});
                    logger.LogInformation("Llamada a {Telefono} para {Nombre}", {|RMP0008:telefono|}, {|RMP0008:nombreCompleto|});
                    logger.LogInformation("Welkom {Voornaam}", {|RMP0008:voornaam|});

                    // A balance, an order, a product's "nom" and a French count ("nombre") are not personal data by name.
                    logger.LogInformation("Stand {Stand} Pedido {Pedido} Nom {Nom} Nombre {Nombre}", k.Kontostand, pedido, k.Nom, nombre);
                }
            }
            """);
    }

    [Fact]
    public async Task One_time_codes_plates_and_password_hashes_are_reported_and_other_hashes_are_not()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using Microsoft.Extensions.Logging;

            public sealed class Attempt
            {
                public string MfaCode { get; set; } = "";
                public string VerificationCode { get; set; } = "";
                public string PasswordHash { get; set; } = "";
                public string ContentHash { get; set; } = "";
                public string HashedEmail { get; set; } = "";
                public string VehiclePlate { get; set; } = "";
                public string ErrorCode { get; set; } = "";
            }

            class C
            {
                void M(ILogger logger, Attempt a)
                {
                    logger.LogDebug("MFA {Code} {Verification}", {|RMP0008:a.MfaCode|}, {|RMP0008:a.VerificationCode|});
                    logger.LogDebug("Rehashed {Hash}", {|RMP0008:a.PasswordHash|});
                    logger.LogDebug("Courier {Plate}", {|RMP0008:a.VehiclePlate|});
                    logger.LogDebug("Content {Hash} for {Email} failed with {Code}", a.ContentHash, a.HashedEmail, a.ErrorCode);
                }
            }
            """);
    }

    [Fact]
    public async Task The_values_of_a_loop_over_the_request_headers_are_reported_and_their_names_are_not()
    {
        await Verify<LoggingAnalyzer>.AnalyzerAsync("""
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;

            class C
            {
                void M(ILogger logger, HttpRequest request, Dictionary<string, string> features)
                {
                    foreach (var header in request.Headers)
                    {
                        logger.LogDebug("{Name}: {Value}", header.Key, {|RMP0008:header.Value.ToString()|});
                    }

                    foreach (var feature in features)
                    {
                        logger.LogDebug("{Name}: {Value}", feature.Key, feature.Value);
                    }
                }
            }
            """);
    }
}
