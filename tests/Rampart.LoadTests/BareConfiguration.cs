namespace Rampart.LoadTests;

/// <summary>1. The ceiling: the endpoint with no middleware at all.</summary>
internal sealed class BareConfiguration : IApiConfiguration
{
    public void ConfigureEndpoint(RouteHandlerBuilder endpoint)
    {
    }

    public void ConfigureServices(WebApplicationBuilder builder)
    {
    }

    public void ConfigurePipeline(WebApplication app)
    {
    }

    public Task<IssuedKeys> CreateKeysAsync(IServiceProvider services, int count)
        => Task.FromResult(new IssuedKeys([None], [None], [None]));

    private static readonly IssuedKey None = new("none", "org0");
}
