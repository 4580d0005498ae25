namespace Rampart.AspNetCore.Transport;

/// <summary>Tells the posture check that <c>UseRampartTls</c> configured Kestrel.</summary>
internal sealed class RampartTlsMarker;
