using System.Net;
using System.Net.Sockets;

namespace Rampart.Testing;

/// <summary>
/// A TCP proxy on a free 127.0.0.1 port in front of a real server. Requests pass at once; each chunk
/// of the server's replies is held back by <see cref="ReplyDelay"/> (chosen per chunk), so the client
/// sees a slow server whose work is nevertheless done, as with a busy Redis or PostgreSQL.
/// </summary>
public sealed class DelayingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;

    public DelayingTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>How long the next reply chunk waits; called once per chunk. Default: no delay.</summary>
    public Func<TimeSpan> ReplyDelay { get; set; } = static () => TimeSpan.Zero;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(server);
            }

            _ = PumpAsync(client.GetStream(), server.GetStream(), delayed: false, client, server);
            _ = PumpAsync(server.GetStream(), client.GetStream(), delayed: true, client, server);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool delayed, TcpClient client, TcpClient server)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (delayed && ReplyDelay() is { } delay && delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _stop.Token);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
