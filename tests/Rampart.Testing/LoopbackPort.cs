using System.Net;
using System.Net.Sockets;

namespace Rampart.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for the real servers tests start.</summary>
public static class LoopbackPort
{
    /// <summary>A port the system just handed out; a server bound right after gets it in practice.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
