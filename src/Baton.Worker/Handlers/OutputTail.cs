using System.Text;

namespace Baton.Worker.Handlers;

/// <summary>
/// The last <see cref="Capacity"/> bytes a handler wrote to standard output and standard error, interleaved in the
/// order the reads completed. Older bytes fall off the front: the end of a log is where the error usually is.
/// </summary>
internal sealed class OutputTail
{
    public const int Capacity = 4096;

    private readonly byte[] _buffer = new byte[Capacity];
    private readonly Lock _lock = new();
    private long _written;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            if (bytes.Length >= Capacity) bytes = bytes[^Capacity..];
            foreach (var b in bytes)
            {
                _buffer[_written % Capacity] = b;
                _written++;
            }
        }
    }

    /// <summary>The kept bytes as text; a character cut in half at the front is dropped, invalid bytes become U+FFFD.</summary>
    public string Text()
    {
        byte[] bytes;
        bool truncated;
        lock (_lock)
        {
            truncated = _written > Capacity;
            var length = (int)Math.Min(_written, Capacity);
            bytes = new byte[length];
            var start = _written - length;
            for (var i = 0; i < length; i++) bytes[i] = _buffer[(start + i) % Capacity];
        }

        var skip = 0;
        // Skip UTF-8 continuation bytes (10xxxxxx) of a character whose first bytes fell off.
        while (truncated && skip < bytes.Length && skip < 3 && (bytes[skip] & 0xC0) == 0x80) skip++;
        return Encoding.UTF8.GetString(bytes, skip, bytes.Length - skip);
    }
}
