namespace Rampart.AspNetCore.DependencyInjection;

/// <summary>Marks that <c>AddRampart</c> ran, so <c>UseRampart</c> can fail fast when it did not.</summary>
internal sealed class RampartMarkerService;
