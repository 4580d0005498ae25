using System;
using System.Collections.Generic;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>Decides whether a logged value is named like personal or secret data (RMP0008).</summary>
internal static class PersonalDataNames
{
    /// <summary>Phrases (words joined without separators) and what they are called in messages.</summary>
    private static readonly Dictionary<string, string> Phrases = new(StringComparer.Ordinal)
    {
        ["email"] = "an e-mail address",
        ["emailaddress"] = "an e-mail address",
        ["mail"] = "an e-mail address",
        ["phone"] = "a phone number",
        ["phonenumber"] = "a phone number",
        ["mobile"] = "a phone number",
        ["telephone"] = "a phone number",
        ["msisdn"] = "a phone number",
        ["ssn"] = "a national identification number",
        ["socialsecurity"] = "a national identification number",
        ["socialsecuritynumber"] = "a national identification number",
        ["rrn"] = "a national identification number",
        ["nationalid"] = "a national identification number",
        ["nationalidentifier"] = "a national identification number",
        ["taxid"] = "a national identification number",
        ["passportnumber"] = "a passport number",
        ["passport"] = "a passport number",
        ["cardnumber"] = "a payment card number",
        ["creditcard"] = "a payment card number",
        ["creditcardnumber"] = "a payment card number",
        ["pan"] = "a payment card number",
        ["cvv"] = "a payment card number",
        ["cvc"] = "a payment card number",
        ["iban"] = "a bank account number",
        ["bankaccount"] = "a bank account number",
        ["accountnumber"] = "a bank account number",
        ["dob"] = "a date of birth",
        ["dateofbirth"] = "a date of birth",
        ["birthdate"] = "a date of birth",
        ["birthday"] = "a date of birth",
        ["address"] = "a postal address",
        ["streetaddress"] = "a postal address",
        ["homeaddress"] = "a postal address",
        ["street"] = "a postal address",
        ["line1"] = "a postal address", // an address's first, second and third lines ("Line1", "AddressLine2")
        ["line2"] = "a postal address",
        ["line3"] = "a postal address",
        ["postcode"] = "a postal address",
        ["zipcode"] = "a postal address",
        ["firstname"] = "a person's name",
        ["lastname"] = "a person's name",
        ["surname"] = "a person's name",
        ["fullname"] = "a person's name",
        ["postalcode"] = "a postal address",
        ["username"] = "a user name",
        ["login"] = "a user name",
        ["ip"] = "an IP address",
        ["ipaddress"] = "an IP address",
        ["ipaddr"] = "an IP address",
        ["nationalinsurance"] = "a national identification number",
        ["nino"] = "a national identification number",
        ["residentregistration"] = "a national identification number",
        ["drivinglicence"] = "a driving licence number",
        ["drivinglicense"] = "a driving licence number",
        ["driverlicence"] = "a driving licence number",
        ["driverlicense"] = "a driving licence number",
        ["driverslicence"] = "a driving licence number",
        ["driverslicense"] = "a driving licence number",
        ["authorization"] = "the Authorization header",
        ["forwardedfor"] = "an IP address",
        ["givenname"] = "a person's name",
        ["familyname"] = "a person's name",
        ["mobilephone"] = "a phone number",
        ["homephone"] = "a phone number",
        ["upn"] = "a user name",
        ["medicalrecord"] = "a medical record number",
        ["mrn"] = "a medical record number",
        ["healthrecord"] = "a medical record number",
        ["nhs"] = "a national identification number", // "NhsNumber"
        ["socialinsurance"] = "a national identification number",
        ["aadhaar"] = "a national identification number",
        ["pesel"] = "a national identification number",
        ["personnummer"] = "a national identification number",
        ["bsn"] = "a national identification number",
        ["cpf"] = "a national identification number",
        ["latitude"] = "a location",
        ["longitude"] = "a location",
        ["geolocation"] = "a location",
        ["geoposition"] = "a location",
        ["connectionstring"] = "a connection string (with its credentials)",
        ["lat"] = "a location",
        ["lng"] = "a location",
        ["lon"] = "a location",
        ["insurancenumber"] = "a health insurance number",
        ["healthinsurance"] = "a health insurance number",
        ["medicare"] = "a health insurance number",
        ["licenseplate"] = "a vehicle registration",
        ["licenceplate"] = "a vehicle registration",
        ["numberplate"] = "a vehicle registration",
        ["vehicleregistration"] = "a vehicle registration",
        ["accountholder"] = "a person's name",
        ["cardholder"] = "a person's name",
        ["cookie"] = "the Cookie header (with its session)",
        ["jwt"] = "a bearer token",
        ["otp"] = "a one-time code",
        ["otpcode"] = "a one-time code",
        ["onetimecode"] = "a one-time code",
        ["onetimepassword"] = "a one-time code",
        ["totp"] = "a one-time code",
        ["recoverycode"] = "a two-factor recovery code",
        ["recoverycodes"] = "a two-factor recovery code",
        ["backupcodes"] = "a two-factor recovery code",
        ["resetlink"] = "a password reset link (with its token)",
        ["reseturl"] = "a password reset link (with its token)",
        ["mfacode"] = "a one-time code",
        ["twofactorcode"] = "a one-time code",
        ["totpcode"] = "a one-time code",
        ["verificationcode"] = "a one-time code",
        ["vehicleplate"] = "a vehicle registration",
        ["registrationplate"] = "a vehicle registration",
        ["platenumber"] = "a vehicle registration",

        // Criminal offence data: records, convictions, cautions and the checks that disclose them.
        ["criminalrecord"] = "criminal record data",
        ["criminalrecords"] = "criminal record data",
        ["criminalhistory"] = "criminal record data",
        ["conviction"] = "criminal record data",
        ["convictions"] = "criminal record data",
        ["criminalconvictions"] = "criminal record data",
        ["offences"] = "criminal record data",
        ["offenses"] = "criminal record data",
        ["priorcharges"] = "criminal record data",
        ["arrestrecord"] = "criminal record data",
        ["dbscertificate"] = "a criminal record check certificate number",
        ["disclosurecertificate"] = "a criminal record check certificate number",
        ["backgroundcheckcertificate"] = "a criminal record check certificate number",
        ["pvgmembership"] = "a criminal record check certificate number",

        // Biometric templates: a face, fingerprint, iris or voice as the matcher stores it.
        ["biometric"] = "biometric data",
        ["biometrics"] = "biometric data",
        ["biometrictemplate"] = "biometric data",
        ["biometricdata"] = "biometric data",
        ["facetemplate"] = "biometric data",
        ["faceembedding"] = "biometric data",
        ["faceencoding"] = "biometric data",
        ["faceprint"] = "biometric data",
        ["fingerprinttemplate"] = "biometric data",
        ["fingerprintimage"] = "biometric data",
        ["fingerprintscan"] = "biometric data",
        ["iristemplate"] = "biometric data",
        ["irisscan"] = "biometric data",
        ["retinascan"] = "biometric data",
        ["voiceprint"] = "biometric data",
        ["palmprint"] = "biometric data",

        // Drug and anti-doping test results.
        ["dopingresult"] = "a drug test result",
        ["antidopingresult"] = "a drug test result",
        ["dopingtestresult"] = "a drug test result",
        ["drugtestresult"] = "a drug test result",
        ["drugscreenresult"] = "a drug test result",
        ["toxicologyresult"] = "a drug test result",
        ["adverseanalyticalfinding"] = "a drug test result",

        // The same data named in German, Dutch, French, Spanish, Portuguese and Italian code.
        ["vorname"] = "a person's name",
        ["nachname"] = "a person's name",
        ["familienname"] = "a person's name",
        ["voornaam"] = "a person's name",
        ["achternaam"] = "a person's name",
        ["prenom"] = "a person's name",
        ["prénom"] = "a person's name",
        ["nomcomplet"] = "a person's name",
        ["nombrecompleto"] = "a person's name",
        ["apellido"] = "a person's name",
        ["apellidos"] = "a person's name",
        ["sobrenome"] = "a person's name",
        ["nomecompleto"] = "a person's name",
        ["cognome"] = "a person's name",
        ["benutzername"] = "a user name",
        ["nombreusuario"] = "a user name",
        ["nomutilisateur"] = "a user name",
        ["telefon"] = "a phone number",
        ["telefonnummer"] = "a phone number",
        ["handynummer"] = "a phone number",
        ["mobilnummer"] = "a phone number",
        ["telefoonnummer"] = "a phone number",
        ["téléphone"] = "a phone number",
        ["telefono"] = "a phone number",
        ["teléfono"] = "a phone number",
        ["telefone"] = "a phone number",
        ["celular"] = "a phone number",
        ["courriel"] = "an e-mail address",
        ["correo"] = "an e-mail address",
        ["correoelectronico"] = "an e-mail address",
        ["geburtsdatum"] = "a date of birth",
        ["geboortedatum"] = "a date of birth",
        ["datenaissance"] = "a date of birth",
        ["datedenaissance"] = "a date of birth",
        ["fechanacimiento"] = "a date of birth",
        ["fechadenacimiento"] = "a date of birth",
        ["adresse"] = "a postal address",
        ["anschrift"] = "a postal address",
        ["postleitzahl"] = "a postal address",
        ["direccion"] = "a postal address",
        ["dirección"] = "a postal address",
        ["endereco"] = "a postal address",
        ["endereço"] = "a postal address",
        ["indirizzo"] = "a postal address",
        ["codepostal"] = "a postal address",
        ["codigopostal"] = "a postal address",
        ["ausweisnummer"] = "a national identification number",
        ["steuernummer"] = "a national identification number",
        ["steuerid"] = "a national identification number",
        ["sozialversicherungsnummer"] = "a national identification number",
        ["codicefiscale"] = "a national identification number",
        ["dni"] = "a national identification number",
        ["kontonummer"] = "a bank account number",

        // Income, a vote and the names and numbers of identity documents and tax ids by country.
        ["income"] = "financial data (income)",
        ["salary"] = "financial data (income)",
        ["wage"] = "financial data (income)",
        ["wages"] = "financial data (income)",
        ["ballotchoice"] = "a vote (political opinion)",
        ["votechoice"] = "a vote (political opinion)",
        ["votecast"] = "a vote (political opinion)",
        ["votedfor"] = "a vote (political opinion)",
        ["candidatechosen"] = "a vote (political opinion)",
        ["chosencandidate"] = "a vote (political opinion)",
        ["legalname"] = "a person's name",
        ["maidenname"] = "a person's name",
        ["birthname"] = "a person's name",
        ["nextofkin"] = "a person's name",
        ["documentnumber"] = "an identity document number",
        ["docnumber"] = "an identity document number",
        ["idnumber"] = "an identity document number",
        ["idcardnumber"] = "an identity document number",
        ["identitynumber"] = "an identity document number",
        ["licencenumber"] = "a driving licence number",
        ["licensenumber"] = "a driving licence number",
        ["ninumber"] = "a national identification number",
        ["ppsn"] = "a national identification number",
        ["ppsnumber"] = "a national identification number",
        ["tfn"] = "a national identification number",
        ["taxfilenumber"] = "a national identification number",
        ["sinnumber"] = "a national identification number",
        ["nif"] = "a national identification number",
        ["nie"] = "a national identification number",
        ["curp"] = "a national identification number",
        ["nric"] = "a national identification number",
        ["taxpayerid"] = "a national identification number",
        ["taxidentificationnumber"] = "a national identification number",
        ["taxnumber"] = "a national identification number",

        // Codes that open a home or an account.
        ["alarmcode"] = "an alarm code",
        ["alarmpin"] = "an alarm code",
        ["disarmcode"] = "an alarm code",
        ["keypadcode"] = "an alarm code",
        ["doorcode"] = "an alarm code",
        ["cardpin"] = "a PIN",
        ["twofactortoken"] = "a one-time code",
        ["sessioncookie"] = "the Cookie header (with its session)",
    };

    /// <summary>Words that say the value was made safe before it was logged ("maskedPhone", "hashedEmail").</summary>
    private static readonly HashSet<string> SafeWords = new(StringComparer.Ordinal)
    {
        "masked", "mask", "redacted", "hashed", "hash", "encrypted", "truncated", "anonymized", "anonymised", "obfuscated",
        "sanitized", "sanitised", "pseudonymized", "pseudonymised", "protected",
        // The verbs and nouns of a helper that makes a value safe: Redact.Email(email), Masking.Phone(phone).
        "redact", "redaction", "masking", "anonymize", "anonymise", "sanitize", "sanitise", "obfuscate", "pseudonymize", "pseudonymise",
    };

    /// <summary>Words before an IP address that make it the server's own or a configured one, not a client's.</summary>
    private static readonly HashSet<string> MachineIpQualifiers = new(StringComparer.Ordinal)
    {
        "server", "host", "local", "listen", "listening", "bind", "binding", "proxy", "gateway", "dns", "loopback", "node",
        "broadcast", "multicast", "subnet", "bound", "interface", "internal", "external", "public", "lan", "wan", "docker",
    };

    /// <summary>
    /// True when the name of a value passed to a logged parameter says the value was made safe:
    /// masked, redacted, hashed, sanitized, stripped, scrubbed ("sanitizedEmail", "redactedToken"), made
    /// for the log ("connectionStringForLogging"), or, for a connection string, the form shown to people
    /// ("_userFacingConnectionString", "displayConnectionString"), which by convention has no password.
    /// A password or token "for display" is still the secret: those words count for connection strings only.
    /// </summary>
    public static bool SaysMadeSafe(string? name, string parameterName)
    {
        if (name is null)
        {
            return false;
        }

        var words = NameTokenizer.Split(name);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (SafeWords.Contains(word) || word is "stripped" or "scrubbed" or "censored"
                || (word == "for" && i + 1 < words.Count && words[i + 1] is "log" or "logs" or "logging"))
            {
                return true;
            }
        }

        if (!IsConnectionStringName(parameterName) || !IsConnectionStringName(name))
        {
            return false;
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is "display" or "displayed" or "displayable" or "userfacing" || (words[i] == "user" && i + 1 < words.Count && words[i + 1] == "facing"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConnectionStringName(string name)
        => string.Concat(NameTokenizer.Split(name)).IndexOf("connectionstring", StringComparison.Ordinal) >= 0;

    /// <summary>Words in the names of types that describe a person.</summary>
    private static readonly string[] PersonTypeWords =
    {
        "user", "person", "people", "customer", "member", "contact", "employee", "account", "profile", "author", "patient",
        "student", "applicant", "owner", "buyer", "recipient", "subscriber", "guest", "staff", "passenger", "citizen", "identity",
    };

    /// <summary>Words before "name" that make it a person's name ("customerName", "patient_name").</summary>
    private static readonly HashSet<string> NamedPersonWords = new(StringComparer.Ordinal)
    {
        "customer", "patient", "person", "employee", "student", "applicant", "passenger", "recipient", "guest", "buyer",
        "contact", "citizen", "subscriber", "cardholder", "beneficiary", "holder", "prescriber", "doctor", "physician",
        "rider", "guardian", "traveler", "traveller", "donor", "attendee", "shopper", "nurse", "clinician", "caregiver", "spouse",
        "insured", "policyholder", "claimant", "learner", "pupil", "visitor", "athlete", "defendant", "volunteer", "offender",
        "suspect", "victim", "witness", "resident",
        "taxpayer", "voter", "elector", "relative", "sibling", "father", "mother", "landlord", "owner", "kin",
    };

    /// <summary>Types that are a person by their whole name, whose plain <c>Name</c> is that person's.</summary>
    private static readonly HashSet<string> PersonRoleTypes = new(StringComparer.Ordinal)
    {
        "customer", "patient", "person", "employee", "student", "applicant", "passenger", "subscriber", "beneficiary", "citizen", "cardholder",
        "rider", "driver", "guardian", "recipient", "traveler", "traveller", "donor", "attendee", "shopper", "nurse", "clinician",
        "caregiver", "spouse", "policyholder", "claimant", "learner", "pupil",
    };

    /// <summary>Suffixes that keep a type the same person ("EmployeeDto", "PatientRecord").</summary>
    private static readonly HashSet<string> PersonRoleSuffixes = new(StringComparer.Ordinal) { "dto", "entity", "model", "record", "info", "details" };

    /// <summary>
    /// True when a type is named as one person ("Employee", "PatientDto"), not a group or a thing of
    /// theirs ("EmployeeGroup", "CustomerSegment", "Department").
    /// </summary>
    public static bool IsPersonRoleType(string typeName)
    {
        var words = NameTokenizer.Split(typeName);
        if (words.Count == 0 || !PersonRoleTypes.Contains(words[0]))
        {
            return false;
        }

        for (var i = 1; i < words.Count; i++)
        {
            if (!PersonRoleSuffixes.Contains(words[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words in the names of types that hold a person's health or visit record.</summary>
    private static readonly string[] HealthTypeWords =
    {
        "workout", "patient", "fitness", "health", "vital", "appointment", "visit", "encounter", "consultation", "medical", "clinical",
    };

    /// <summary>Vital signs, as words joined without separators: a measure of someone's body.</summary>
    private static readonly HashSet<string> VitalSigns = new(StringComparer.Ordinal)
    {
        "heartrate", "restingheartrate", "pulserate", "bloodpressure", "systolic", "diastolic", "bloodglucose", "bloodsugar",
        "glucoselevel", "bloodoxygen", "oxygensaturation", "spo2", "respiratoryrate", "bodytemperature", "hrv",
    };

    /// <summary>Words after a vital sign that make the name another thing: a count, a setting, a device ("HeartRateZoneCount").</summary>
    private static readonly HashSet<string> NotAMeasure = new(StringComparer.Ordinal)
    {
        "count", "counts", "zone", "zones", "sensor", "sensors", "device", "devices", "monitor", "monitors", "id", "ids", "enabled",
        "unit", "units", "interval", "threshold", "thresholds", "limit", "limits", "setting", "settings", "config", "type", "kind",
        "source", "supported", "available", "format", "version", "channel", "topic", "field", "column", "key",
    };

    /// <summary>
    /// Health data by its name alone, whatever holds it: a heart rate or another vital sign, a diagnosis,
    /// medication ("HeartRateAvg", "bloodPressure", "medications", "primaryDiagnosis"); not a count or a
    /// setting named after one ("HeartRateZoneCount", "heartRateSensorId").
    /// </summary>
    public static bool IsHealthWord(string? name)
    {
        if (name is null)
        {
            return false;
        }

        var words = NameTokenizer.Split(name);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is "diagnosis" or "diagnoses" or "medication" or "medications" or "prescriptions" or "allergies" or "allergy")
            {
                return true;
            }

            var phrase = string.Empty;
            for (var length = 1; length <= 3 && i + length <= words.Count; length++)
            {
                phrase += words[i + length - 1];
                if (VitalSigns.Contains(phrase) && !AnyFrom(words, i + length, NotAMeasure))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyFrom(List<string> words, int from, HashSet<string> set)
    {
        for (var i = from; i < words.Count; i++)
        {
            if (set.Contains(words[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Health data named by a type's member: a heart rate, a diagnosis or medication anywhere, and a
    /// weight or the reason for a visit on a health, workout or appointment type ("Workout.HeartRate",
    /// "WorkoutLogged.WeightKg", "Appointment.Reason"); "Product.Weight" and "Retry.Reason" are not.
    /// </summary>
    public static bool IsHealthMember(string? member, string typeName)
    {
        if (member is null)
        {
            return false;
        }

        if (IsHealthWord(member))
        {
            return true;
        }

        var words = NameTokenizer.Split(member);
        if (words.Count == 0 || words[0] is not ("weight" or "reason" or "bodyweight") && !(words.Count > 1 && words[0] == "body" && words[1] == "weight"))
        {
            return false;
        }

        // "VetVisit.Reason", "PetAppointment.Weight": an animal's visit, not a person's health.
        var typeWords = NameTokenizer.Split(typeName);
        if (typeWords.Contains("vet") || typeWords.Contains("pet") || typeWords.Contains("animal") || typeWords.Contains("veterinary"))
        {
            return false;
        }

        var lower = typeName.ToLowerInvariant();
        foreach (var word in HealthTypeWords)
        {
            if (lower.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return words[0] != "reason" || word is "appointment" or "visit" or "encounter" or "consultation" or "medical" or "clinical";
            }
        }

        return false;
    }

    /// <summary>Tax ids by a country's short name, too short to count off a person's type ("Sin", "Ni", "Pps", "Tin").</summary>
    public static bool IsShortTaxId(string? name)
        => name is not null && string.Concat(NameTokenizer.Split(name)) is "sin" or "ni" or "pps" or "tin" or "nie";

    /// <summary>True for "FullName", "fullName", "full_name".</summary>
    public static bool IsFullName(string? name)
        => name is not null && string.Concat(NameTokenizer.Split(name)) == "fullname";

    /// <summary>True for "DisplayName", "displayName", "display_name": a person's name on a person's type only.</summary>
    public static bool IsDisplayName(string? name)
        => name is not null && string.Concat(NameTokenizer.Split(name)) == "displayname";

    /// <summary>True when a type's name says it describes a person ("AppUser", "CustomerProfile").</summary>
    public static bool IsPersonType(string typeName)
    {
        var lower = typeName.ToLowerInvariant();
        foreach (var word in PersonTypeWords)
        {
            if (lower.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Suffixes of the types an application's configuration is bound to.</summary>
    private static readonly string[] SettingsTypeSuffixes = { "settings", "setting", "options", "configuration", "config" };

    /// <summary>
    /// What a message's addressee is when a method sending or handling that message names it plainly
    /// (<c>to</c>, <c>recipient</c>, <c>destination</c>): a phone number in an SMS or a call
    /// (<c>SmsSender.SendAsync(string to, …)</c>), an e-mail address in a mail. Null otherwise; the sender
    /// (<c>from</c>) is the application's own number or mailbox.
    /// </summary>
    public static string? AddresseeOf(string? name, string methodName, string typeName)
    {
        if (name is not ("to" or "recipient" or "recipients" or "destination"))
        {
            return null;
        }

        var words = NameTokenizer.Split(typeName);
        words.AddRange(NameTokenizer.Split(methodName));
        if (words.Contains("sms") || words.Contains("phone") || words.Contains("whatsapp") || (words.Contains("text") && words.Contains("message")))
        {
            return "a phone number";
        }

        return words.Contains("email") || words.Contains("mail") ? "an e-mail address" : null;
    }

    /// <summary>
    /// True for a type the application's configuration is bound to ("SSHSettings", "SmtpOptions",
    /// "MailConfiguration"), unless its name says it holds a person's settings ("UserSettings").
    /// </summary>
    public static bool IsSettingsType(string typeName)
    {
        var lower = typeName.ToLowerInvariant();
        foreach (var suffix in SettingsTypeSuffixes)
        {
            if (lower.Length > suffix.Length && lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                return !IsPersonType(typeName.Substring(0, typeName.Length - suffix.Length));
            }
        }

        return false;
    }

    /// <summary>True when the name says an IP address belongs to a machine of the deployment ("serverIp", "bindAddress").</summary>
    public static bool IsMachineName(string? name)
    {
        if (name is null)
        {
            return false;
        }

        foreach (var word in NameTokenizer.Split(name))
        {
            if (MachineIpQualifiers.Contains(word) || MachineQualifiers.Contains(word) && word is not ("remote" or "from" or "ip"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Words that may follow the phrase and still name the value itself.</summary>
    private static readonly HashSet<string> ValueSuffixes = new(StringComparer.Ordinal)
    {
        "address", "addr", "number", "no", "num", "value", "text", "str", "string", "raw", "plain", "header", "line", "1", "2",
    };

    /// <summary>What a mail's sender or recipient address is called; a configured sender (an options type's member) is the application's own.</summary>
    public const string MailRoleAddress = "an e-mail address (a mail's sender or recipient)";

    /// <summary>Words before "address" that make it a mail's sender or recipient.</summary>
    private static readonly HashSet<string> MailRoles = new(StringComparer.Ordinal)
    {
        "from", "to", "sender", "recipient", "reply", "cc", "bcc",
    };

    /// <summary>Words before "address" that make it a machine address, not a person's.</summary>
    private static readonly HashSet<string> MachineQualifiers = new(StringComparer.Ordinal)
    {
        "ip", "mac", "server", "base", "endpoint", "url", "uri", "web", "host", "remote", "local", "listen", "bind",
        "proxy", "network", "memory", "contract", "wallet", "return", "callback", "redirect", "from", "reply", "sender", "smtp", "no",
    };

    /// <summary>What <paramref name="name"/> looks like ("an e-mail address"), or null.</summary>
    public static string? Describe(string? name, IReadOnlyCollection<string> extraWords, IReadOnlyCollection<string> extraSecretWords)
    {
        if (name is null || name.Length < 3 || name.Length > 200)
        {
            return null;
        }

        if (SecretNames.IsSecretName(name, extraSecretWords))
        {
            return "a secret";
        }

        var words = NameTokenizer.Split(name);
        if (ConfigurationKeys.Describe(name, words, extraWords, extraSecretWords) is { } configured)
        {
            return configured;
        }

        // A password's hash is what an attacker cracks offline; other hashed values are made safe.
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (words[i] is "password" or "passphrase" or "pin" && words[i + 1] is "hash" or "hashed" && OnlyValueSuffixes(words, i + 2))
            {
                return "a password hash (which can be cracked offline)";
            }
        }

        foreach (var word in words)
        {
            if (SafeWords.Contains(word))
            {
                return null;
            }
        }

        for (var i = 0; i < words.Count; i++)
        {
            var phrase = string.Empty;
            for (var length = 1; length <= 3 && i + length <= words.Count; length++)
            {
                phrase += words[i + length - 1];
                string? description = null;
                if (Phrases.TryGetValue(phrase, out var known))
                {
                    description = known;
                }
                else if (length == 1 && Contains(extraWords, phrase))
                {
                    description = "personal data";
                }

                if (description is null || !OnlyValueSuffixes(words, i + length))
                {
                    continue;
                }

                // "fromAddress", "recipientAddress", "replyToAddress": a mail's sender or recipient.
                if (phrase == "address" && i > 0 && MailRoles.Contains(words[i - 1]))
                {
                    return MailRoleAddress;
                }

                if (phrase.EndsWith("address", StringComparison.Ordinal) && phrase != "emailaddress" && phrase != "ipaddress" && i > 0 && MachineQualifiers.Contains(words[i - 1]))
                {
                    continue;
                }

                // "userFacingConnectionString", "displayConnectionString": the form shown to people, without its password.
                if (phrase == "connectionstring" && SaysMadeSafe(name, name))
                {
                    return null;
                }

                // "ip" followed by "address" is the phrase "ip address"; the server's own addresses are not personal.
                if (phrase.StartsWith("ip", StringComparison.Ordinal) && description == "an IP address" && IsMachineName(name))
                {
                    continue;
                }

                return description;
            }

            if (words[i] == "name" && i > 0 && NamedPersonWords.Contains(words[i - 1]) && OnlyValueSuffixes(words, i + 1))
            {
                return "a person's name";
            }
        }

        return SpecialCategoryNames.Describe(name);
    }

    private static bool OnlyValueSuffixes(List<string> words, int from)
    {
        for (var i = from; i < words.Count; i++)
        {
            if (!ValueSuffixes.Contains(words[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(IReadOnlyCollection<string> words, string word)
    {
        foreach (var w in words)
        {
            if (w == word)
            {
                return true;
            }
        }

        return false;
    }
}
