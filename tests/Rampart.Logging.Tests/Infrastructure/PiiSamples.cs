using System.Globalization;
using System.Text;

namespace Rampart.AspNetCore.Logging.Tests.Infrastructure;

/// <summary>Makes valid (and deliberately invalid) personal data and secrets from a seeded generator.</summary>
internal sealed class PiiSamples(Random random)
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public Random Random { get; } = random;

    public string Letters(int min, int max) => Pick(Lower, Random.Next(min, max + 1));

    public string Token(int length) => Pick(Alnum, length);

    public string Digits(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append((char)('0' + Random.Next(10)));
        }

        return builder.ToString();
    }

    public string Email()
        => $"{Letters(3, 8)}.{Letters(2, 8)}@{Letters(4, 9)}.{new[] { "com", "co.kr", "io", "org" }[Random.Next(4)]}";

    public string Card(bool valid = true)
    {
        var (prefix, length) = Random.Next(4) switch
        {
            0 => ("4", 16),
            1 => ((51 + Random.Next(5)).ToString(CultureInfo.InvariantCulture), 16),
            2 => (Random.Next(2) == 0 ? "34" : "37", 15),
            _ => ("6011", 16),
        };
        var body = prefix + Digits(length - 1 - prefix.Length);
        var check = LuhnCheckDigit(body);
        var digits = body + (valid ? check : (check + 1) % 10).ToString(CultureInfo.InvariantCulture);
        return Random.Next(3) switch
        {
            0 => digits,
            1 => Group(digits, ' '),
            _ => Group(digits, '-'),
        };
    }

    public string Phone() => Random.Next(4) switch
    {
        0 => $"010-{Digits(4)}-{Digits(4)}",
        1 => $"+82 10-{Digits(4)}-{Digits(4)}",
        2 => $"({2 + Random.Next(8)}{new[] { 0, 2, 3, 4 }[Random.Next(4)]}{Digits(1)}) {2 + Random.Next(8)}{Random.Next(2, 10)}{Digits(1)}-{Digits(4)}",
        _ => $"+1 {2 + Random.Next(8)}0{Digits(1)} {2 + Random.Next(8)}0{Digits(1)} {Digits(4)}",
    };

    public string KoreanRrn(bool valid = true, bool post2020 = false)
    {
        var birth = post2020
            ? new DateOnly(2021, 1, 1).AddDays(Random.Next(1500))
            : new DateOnly(1950, 1, 1).AddDays(Random.Next(365 * 60));
        var gender = birth.Year >= 2000 ? 3 + Random.Next(2) : 1 + Random.Next(2);
        var first12 = birth.ToString("yyMMdd", CultureInfo.InvariantCulture) + gender.ToString(CultureInfo.InvariantCulture) + Digits(5);
        int check;
        if (post2020)
        {
            check = Random.Next(10);
        }
        else
        {
            var weights = new[] { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 };
            var sum = first12.Select((c, i) => (c - '0') * weights[i]).Sum();
            check = (11 - (sum % 11)) % 10;
            if (!valid)
            {
                check = (check + 1 + Random.Next(9)) % 10;
            }
        }

        return $"{first12[..6]}-{first12[6..]}{check}";
    }

    public string Ssn(bool valid = true)
    {
        if (!valid)
        {
            return Random.Next(3) switch
            {
                0 => $"000-{10 + Random.Next(90)}-{1000 + Random.Next(9000)}",
                1 => $"666-{10 + Random.Next(90)}-{1000 + Random.Next(9000)}",
                _ => $"{900 + Random.Next(100)}-{10 + Random.Next(90)}-{1000 + Random.Next(9000)}",
            };
        }

        var area = 1 + Random.Next(899);
        if (area == 666)
        {
            area = 667;
        }

        return $"{area:000}-{1 + Random.Next(99):00}-{1 + Random.Next(9999):0000}";
    }

    public string Iban(bool valid = true, bool grouped = false)
    {
        var bban = Digits(18);
        var check = 98 - Mod97(bban + "DE00");
        if (!valid)
        {
            check = check == 97 ? 2 : check + 1;
        }

        var iban = $"DE{check:00}{bban}";
        return grouped ? Group(iban, ' ') : iban;
    }

    public string ProviderSecret() => Random.Next(3) switch
    {
        0 => "AKIA" + Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        1 => "ghp_" + Token(36),
        _ => "sk_live_" + Token(24),
    };

    /// <summary>One valid value of a random kind.</summary>
    public string AnyPii() => Random.Next(8) switch
    {
        0 => Email(),
        1 => Card(),
        2 => Phone(),
        3 => KoreanRrn(),
        4 => KoreanRrn(post2020: true),
        5 => Ssn(),
        6 => Iban(grouped: Random.Next(2) == 0),
        _ => ProviderSecret(),
    };

    public static int LuhnCheckDigit(string payload)
    {
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            var d = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (10 - (sum % 10)) % 10;
    }

    private static int Mod97(string rearranged)
    {
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder;
    }

    private static string Group(string digits, char separator)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                builder.Append(separator);
            }

            builder.Append(digits[i]);
        }

        return builder.ToString();
    }

    private string Pick(string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[Random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
