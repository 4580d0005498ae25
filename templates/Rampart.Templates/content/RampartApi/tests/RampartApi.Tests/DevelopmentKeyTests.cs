using System.Net;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using RampartApi.Security;

namespace RampartApi.Tests;

public sealed class DevelopmentKeyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task In_development_a_first_key_is_issued_and_shown_once_and_it_calls_the_api()
    {
        using var first = new StringWriter();
        using var second = new StringWriter();

        var issued = await DevelopmentKey.IssueIfNoneAsync(factory.Services, new Environment("Development"), first);
        var issuedAgain = await DevelopmentKey.IssueIfNoneAsync(factory.Services, new Environment("Development"), second);

        Assert.True(issued);
        Assert.False(issuedAgain);
        Assert.Equal(string.Empty, second.ToString());
        var key = first.ToString().Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Single(word => word.StartsWith("tmplprefix_", StringComparison.Ordinal));
        using var client = factory.CreateClient(key);
        using var response = await client.GetAsync(new Uri("/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_no_key_is_issued(string environment)
    {
        using var console = new StringWriter();

        var issued = await DevelopmentKey.IssueIfNoneAsync(factory.Services, new Environment(environment), console);

        Assert.False(issued);
        Assert.Equal(string.Empty, console.ToString());
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "RampartApi";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
