using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Rampart.AspNetCore.Logging.Tests.Infrastructure;

/// <summary>Gives every test request a client address, as a proxy-aware host would.</summary>
internal sealed class FixedClientAddress(IPAddress address) : IStartupFilter
{
    public static readonly IPAddress Documentation = IPAddress.Parse("203.0.113.77");

    public static void Add(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new FixedClientAddress(Documentation));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Connection.RemoteIpAddress = address;
            return following(context);
        });
        next(app);
    };
}
