using System.Globalization;
using System.Net;

namespace RampartApi.Tests;

public sealed class DisclosureTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Security_txt_is_served_without_a_key_as_utf8_text_with_contact_expires_and_policy()
    {
        using var client = factory.CreateClient(key: null);

        using var response = await client.GetAsync(new Uri("/.well-known/security.txt", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var fields = (await response.Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .ToDictionary(field => field[0], field => field[1], StringComparer.Ordinal);
        Assert.Matches("^(mailto|https|tel):", fields["Contact"]);
        Assert.StartsWith("https://", fields["Policy"], StringComparison.Ordinal);

        // RFC 9116 §2.5.5: in the future and, as recommended, less than a year ahead. When this
        // fails, the file went stale: review it and move SecurityTxt:Expires forward.
        var expires = DateTimeOffset.ParseExact(fields["Expires"], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(expires, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(1));
    }

    [Fact]
    public async Task Security_txt_is_refused_over_plain_http()
    {
        using var client = factory.CreateClient(key: null, "http://localhost");

        using var response = await client.GetAsync(new Uri("/.well-known/security.txt", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
