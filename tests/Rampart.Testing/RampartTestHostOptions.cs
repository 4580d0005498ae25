using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rampart.AspNetCore;

namespace Rampart.Testing;

/// <summary>How a <see cref="RampartTestHost"/> is built. Every default is the one most tests want.</summary>
public sealed class RampartTestHostOptions
{
    /// <summary>The host environment. Default: <c>Production</c>, so tests see what users get.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>The key prefix. Default: <c>acme</c>.</summary>
    public string Prefix { get; init; } = "acme";

    /// <summary>Pepper version 1. Default: random per test run.</summary>
    public string Pepper { get; init; } = TestPeppers.Version1;

    /// <summary>
    /// Where keys are kept. Default: memory, so each host starts empty; the stores have their own contract suite.
    /// </summary>
    public TestKeyStore KeyStore { get; init; } = TestKeyStore.InMemory;

    /// <summary>Configuration values added before Rampart reads its section; tests may change and reload them.</summary>
    public IDictionary<string, string?>? Settings { get; init; }

    /// <summary>The app's clock. Default: a fake clock at a fixed instant.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>Applied to Rampart's options after the defaults above.</summary>
    public Action<RampartOptions>? Configure { get; init; }

    /// <summary>Services registered before <c>AddRampart()</c> (a logging provider the app adds first, say).</summary>
    public Action<IServiceCollection>? ServicesBeforeRampart { get; init; }

    /// <summary>Further services, registered after <c>AddRampart()</c>.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Anything else on the builder (configuration, logging, Kestrel), run after <see cref="Services"/>.</summary>
    public Action<WebApplicationBuilder>? Builder { get; init; }

    /// <summary>Middleware of the app's own that runs before <c>UseRampart()</c>.</summary>
    public Action<WebApplication>? BeforeRampart { get; init; }

    /// <summary>The endpoints, mapped after <c>UseRampart()</c>.</summary>
    public Action<WebApplication>? Map { get; init; }
}

/// <summary>Where a <see cref="RampartTestHost"/> keeps its keys.</summary>
public enum TestKeyStore
{
    /// <summary>In memory: each host starts empty.</summary>
    InMemory,

    /// <summary>A real SQLite file in a temporary folder, removed on dispose.</summary>
    TempSqlite,

    /// <summary>Whatever Rampart's configuration and the test's services say (e.g. PostgreSQL).</summary>
    AsConfigured,
}
