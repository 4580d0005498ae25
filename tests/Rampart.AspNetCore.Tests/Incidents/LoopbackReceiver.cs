using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Rampart.AspNetCore.Tests.Incidents;

/// <summary>A real HTTP server on 127.0.0.1 that answers each request with the next step of its script (the last step repeats).</summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly (HttpStatusCode Status, string? Body)[] _script;
    private int _received;

    public LoopbackReceiver(params (HttpStatusCode Status, string? Body)[] script)
    {
        _script = script;
        Url = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/receiver/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = ServeAsync();
    }

    public LoopbackReceiver(params HttpStatusCode[] statuses)
        : this([.. statuses.Select(s => (s, (string?)null))])
    {
    }

    public Uri Url { get; }

    /// <summary>Requests answered so far.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>The next request received; fails after a generous bound rather than hanging.</summary>
    public Task<Delivery> NextAsync() => Eventually.CompletesAsync(_deliveries.Reader.ReadAsync().AsTask(), "the next webhook delivery");

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        try
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
                var delivery = new Delivery(context.Request.HttpMethod, headers, body.ToArray());
                var (status, answer) = _script[Math.Min(Received, _script.Length - 1)];
                context.Response.StatusCode = (int)status;
                if (answer is not null)
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer));
                }

                context.Response.Close();
                Interlocked.Increment(ref _received);
                _deliveries.Writer.TryWrite(delivery);
            }
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Closed by Dispose.
        }
    }

    public sealed record Delivery(string Method, Dictionary<string, string?> Headers, byte[] Body);
}
