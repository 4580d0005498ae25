using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Transport;

namespace Rampart.AspNetCore.Hosting;

/// <summary>
/// Once the server listens, warns when none of its addresses is HTTPS: Rampart refuses API
/// requests over plain HTTP, so such an app answers every API call with 403 <c>https-required</c>.
/// The usual cause is <c>dotnet run</c> picking the <c>http</c> launch profile.
/// </summary>
internal sealed class HttpsEndpointCheck : IHostedLifecycleService
{
    private readonly IServiceProvider _services;
    private readonly IOptions<RampartOptions> _options;
    private readonly ILogger _logger;

    public HttpsEndpointCheck(IServiceProvider services, IOptions<RampartOptions> options, ILoggerFactory loggers)
    {
        _services = services;
        _options = options;
        _logger = loggers.CreateLogger(TransportLog.PostureCategory);
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = _services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (_options.Value.Transport.AllowHttp || addresses is null || addresses.Count == 0)
        {
            // In-process test servers bind nothing; an app that serves HTTP on purpose was told at start.
            return Task.CompletedTask;
        }

        if (!addresses.Any(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            TransportLog.PostureAdvice(_logger,
                $"no HTTPS endpoint is bound ({string.Join(", ", addresses)}): API requests over plain HTTP are refused with 403 https-required. " +
                "Start with the https launch profile (dotnet run --launch-profile https), or bind one with --urls \"https://localhost:5001;http://localhost:5000\" or ASPNETCORE_URLS.");
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
