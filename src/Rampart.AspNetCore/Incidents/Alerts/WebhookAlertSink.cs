using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Rampart.AspNetCore.Incidents.Alerts;

/// <summary>
/// POSTs each alert as JSON to <see cref="AlertWebhookOptions.Url"/>, signed (<see cref="AlertWebhookSignature"/>), from its
/// own bounded queue (drops counted), retrying network errors, timeouts, 408, 429 and 5xx with exponential backoff and
/// jitter; each attempt is signed afresh with its own timestamp. Off when no URL is configured.
/// </summary>
internal sealed class WebhookAlertSink : BackgroundService, IRampartAlertSink
{
    public const string HttpClientName = "Rampart.Alerts";

    private readonly AlertWebhookOptions _options;
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly AlertMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<RampartAlert> _queue;
    private readonly byte[] _secret;
    private long _delivered;

    public WebhookAlertSink(IOptions<RampartOptions> options, IHttpClientFactory clients, TimeProvider time, AlertMetrics metrics, ILoggerFactory loggers)
    {
        _options = options.Value.Incidents.Alerts.Webhook;
        _clients = clients;
        _time = time;
        _metrics = metrics;
        _logger = loggers.CreateLogger(AlertLog.Category);
        _secret = Encoding.UTF8.GetBytes(_options.Secret ?? string.Empty);
        _queue = Channel.CreateBounded<RampartAlert>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Alerts the receiver accepted (2xx), since start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public ValueTask SendAsync(RampartAlert alert, CancellationToken cancellationToken)
    {
        if (_options.Url is not null && !_queue.Writer.TryWrite(alert))
        {
            _metrics.Dropped("webhook");
            AlertLog.Dropped(_logger, "webhook", alert.Id);
        }

        return ValueTask.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Url is not { } url)
        {
            return;
        }

        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await DeliverAsync(url, alert, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task DeliverAsync(Uri url, RampartAlert alert, CancellationToken stoppingToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(alert, AlertJson.Options);
        var attempts = Math.Max(1, _options.MaxAttempts);
        var failure = string.Empty;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            failure = await AttemptAsync(url, alert, body, stoppingToken).ConfigureAwait(false);
            if (failure.Length == 0)
            {
                Interlocked.Increment(ref _delivered);
                return;
            }

            if (failure.StartsWith("final:", StringComparison.Ordinal) || attempt == attempts)
            {
                break;
            }

            var delay = Backoff(attempt);
            AlertLog.WebhookRetry(_logger, attempt, alert.Id, failure, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
        }

        _metrics.WebhookFailed();
        AlertLog.WebhookFailed(_logger, alert.Id, attempts, failure);
    }

    // Empty when delivered; otherwise why not, prefixed "final:" when retrying cannot help.
    private async Task<string> AttemptAsync(Uri url, RampartAlert alert, byte[] body, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(AlertWebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(AlertWebhookSignature.SignatureHeader, AlertWebhookSignature.Sign(_secret, timestamp, body));
        request.Headers.Add(AlertWebhookSignature.AlertIdHeader, alert.Id);
        try
        {
            using var client = _clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return string.Empty;
            }

            var retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return (retryable ? "status " : "final: status ") + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (HttpRequestException exception)
        {
            return "network error: " + (exception.HttpRequestError.ToString());
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var doubled = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(doubled, _options.MaxBackoff.TotalMilliseconds);

        // Jitter (half to all of the wait) spreads the retries of many instances.
        return TimeSpan.FromMilliseconds(capped * (500 + System.Security.Cryptography.RandomNumberGenerator.GetInt32(501)) / 1000);
    }
}
