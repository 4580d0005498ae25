namespace Rampart.AspNetCore.Incidents.LeakReports;

/// <summary>Reads a stream whole unless it is longer than a cap; the work stops one byte past the cap.</summary>
internal static class BoundedBody
{
    /// <summary>The bytes read, or null when the stream holds more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer[..length];
            }

            length += read;
            if (length > maxBytes)
            {
                return null;
            }
        }
    }
}
