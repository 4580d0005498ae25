using System;
using System.Collections.Generic;
using Rampart.Analyzers.Detection;

namespace Rampart.Analyzers.Logging;

/// <summary>
/// Special categories of personal data (GDPR art. 9) and a person's own free text, by name: whatever type
/// holds them (a flag, an enum, a string), a name such as "HasDisability", "SexualOrientation" or "BloodType"
/// says something about a person. Not the counts, ids and settings named after them ("ReligionId",
/// "DisabilityAccessRamp"), which a following word turns into another thing.
/// </summary>
internal static class SpecialCategoryNames
{
    /// <summary>Phrases (words joined without separators) and what they are called in messages.</summary>
    private static readonly Dictionary<string, string> Phrases = new(StringComparer.Ordinal)
    {
        ["sexualorientation"] = "sexual orientation (special-category data)",
        ["sexuality"] = "sexual orientation (special-category data)",
        ["genderidentity"] = "gender identity (special-category data)",
        ["religion"] = "religious belief (special-category data)",
        ["religiousbelief"] = "religious belief (special-category data)",
        ["religiousbeliefs"] = "religious belief (special-category data)",
        ["religiousaffiliation"] = "religious belief (special-category data)",
        ["ethnicity"] = "ethnic origin (special-category data)",
        ["ethnicorigin"] = "ethnic origin (special-category data)",
        ["ethnicgroup"] = "ethnic origin (special-category data)",
        ["racialorigin"] = "ethnic origin (special-category data)",
        ["ethnicityestimate"] = "genetic data (special-category data)",
        ["disability"] = "health data (a disability)",
        ["disabilities"] = "health data (a disability)",
        ["disabilitydetails"] = "health data (a disability)",
        ["disabilitystatus"] = "health data (a disability)",
        ["politicalopinion"] = "political opinion (special-category data)",
        ["politicalopinions"] = "political opinion (special-category data)",
        ["politicalparty"] = "political opinion (special-category data)",
        ["politicalaffiliation"] = "political opinion (special-category data)",
        ["partymembership"] = "political opinion (special-category data)",
        ["partyaffiliation"] = "political opinion (special-category data)",
        ["tradeunion"] = "trade-union membership (special-category data)",
        ["tradeunionmembership"] = "trade-union membership (special-category data)",
        ["unionmembership"] = "trade-union membership (special-category data)",
        ["haplogroup"] = "genetic data (special-category data)",
        ["genotype"] = "genetic data (special-category data)",
        ["geneticdata"] = "genetic data (special-category data)",
        ["dnasequence"] = "genetic data (special-category data)",
        ["dnaprofile"] = "genetic data (special-category data)",
        ["bloodtype"] = "health data",
        ["bloodgroup"] = "health data",
        ["selfharm"] = "health data (self-harm risk)",
        ["selfharmflag"] = "health data (self-harm risk)",
        ["selfharmrisk"] = "health data (self-harm risk)",
        ["suicidalideation"] = "health data (self-harm risk)",
        ["suiciderisk"] = "health data (self-harm risk)",
        ["hivstatus"] = "health data",
        ["pregnancystatus"] = "health data",
        ["therapynote"] = "health data (therapy notes)",
        ["therapynotes"] = "health data (therapy notes)",
        ["clinicalnotes"] = "health data (clinical notes)",
        ["counsellingnotes"] = "health data (therapy notes)",
        ["counselingnotes"] = "health data (therapy notes)",
        ["safeguardingnote"] = "a safeguarding note about a person",
        ["safeguardingnotes"] = "a safeguarding note about a person",
        ["safeguardingconcern"] = "a safeguarding note about a person",

        // A person's own free text: what they wrote about themselves or to someone.
        ["journaltext"] = "a person's journal text",
        ["moodjournal"] = "a person's journal text",
        ["diaryentry"] = "a person's journal text",
        ["bio"] = "a person's profile text",
        ["biography"] = "a person's profile text",
        ["aboutme"] = "a person's profile text",
        ["chatmessage"] = "a chat message's text",
        ["directmessage"] = "a chat message's text",
    };

    /// <summary>Words that may follow the phrase and still name the value itself ("ReligionName", "BioText").</summary>
    private static readonly HashSet<string> ValueSuffixes = new(StringComparer.Ordinal)
    {
        "value", "text", "str", "string", "raw", "name", "label", "description", "declared", "code",
    };

    /// <summary>What <paramref name="name"/> says about a person ("HasDisability": a disability), or null.</summary>
    public static string? Describe(string? name)
    {
        if (name is null || name.Length < 3 || name.Length > 200)
        {
            return null;
        }

        var words = NameTokenizer.Split(name);
        for (var i = 0; i < words.Count; i++)
        {
            var phrase = string.Empty;
            for (var length = 1; length <= 3 && i + length <= words.Count; length++)
            {
                phrase += words[i + length - 1];
                if (Phrases.TryGetValue(phrase, out var description) && OnlyValueSuffixes(words, i + length))
                {
                    return description;
                }
            }
        }

        return null;
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
}
