namespace Rampart.AspNetCore.DependencyInjection;

/// <summary>Set by <c>UseRampart</c>, so the start-up posture can tell when keys would pass unchecked and unlimited.</summary>
internal sealed class RampartPipelineMarker
{
    public bool UseRampartCalled { get; set; }
}
