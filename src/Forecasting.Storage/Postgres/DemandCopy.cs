using System.Buffers;
using System.Buffers.Binary;
using Forecasting.Storage.Abstractions;
using Npgsql;

namespace Forecasting.Storage.Postgres;

/// <summary>
/// Demand rows COPYed in PostgreSQL's binary COPY format (a signature, then per row a field count and each
/// field as a big-endian length and value, then -1), encoded into a buffer and written to Npgsql's raw COPY
/// stream a buffer at a time. Writing the 11 fields of 5 million rows one <c>NpgsqlBinaryImporter.WriteAsync</c>
/// at a time took ~45 % of a first load's client CPU.
/// </summary>
internal static class DemandCopy
{
    private const int BufferBytes = 1 << 16;
    private const int MaxRowBytes = 2 + 9 * 8 + 2 * 12;
    private const int TrailerBytes = 2;

    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    /// <summary>COPYs <paramref name="rows"/> with the columns sku_id, region_id, day, units, returns, views, searches,
    /// cart_adds, wishlist_adds, [load_id,] line. Cancellation is checked between buffers; a cancelled or failed
    /// COPY is abandoned (nothing of it stays once its transaction rolls back).</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, string copySql, IReadOnlyList<DemandRow> rows, long? loadId, CancellationToken cancellationToken)
    {
        var stream = await connection.BeginRawBinaryCopyAsync(copySql, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        bool written = false;
        try
        {
            Signature.CopyTo(buffer, 0);
            int used = Signature.Length;
            BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(used), 0); // flags, header extension length
            used += 8;
            for (int i = 0; i < rows.Count; i++)
            {
                if (used > BufferBytes - MaxRowBytes - TrailerBytes) // room for one more row and the trailer
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await stream.WriteAsync(buffer.AsMemory(0, used), CancellationToken.None); // a cancelled socket write would break the connection
                    used = 0;
                }

                used += Encode(buffer.AsSpan(used), rows[i], loadId);
            }

            cancellationToken.ThrowIfCancellationRequested();
            BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(used), -1);
            await stream.WriteAsync(buffer.AsMemory(0, used + TrailerBytes), CancellationToken.None);
            written = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!written)
            {
                await AbandonAsync(stream);
            }
        }

        await stream.DisposeAsync(); // ends the COPY: the server's verdict (e.g. a unique violation) surfaces here
    }

    private static async Task AbandonAsync(NpgsqlRawCopyStream stream)
    {
        try
        {
            await stream.CancelAsync();
            await stream.DisposeAsync();
        }
        catch (Exception error) when (error is NpgsqlException or IOException or InvalidOperationException)
        {
            // the COPY failed already (the exception on its way out says why)
        }
    }

    private static int Encode(Span<byte> target, in DemandRow row, long? loadId)
    {
        BinaryPrimitives.WriteInt16BigEndian(target, (short)(loadId is null ? 10 : 11));
        int at = 2;
        foreach (int value in (ReadOnlySpan<int>)[row.SkuId, row.RegionId, row.Day, row.Units, row.Returns, row.Views, row.Searches, row.CartAdds, row.WishlistAdds])
        {
            BinaryPrimitives.WriteInt32BigEndian(target[at..], 4);
            BinaryPrimitives.WriteInt32BigEndian(target[(at + 4)..], value);
            at += 8;
        }

        if (loadId is { } id)
        {
            at += Int64(target[at..], id);
        }

        return at + Int64(target[at..], row.Line);
    }

    private static int Int64(Span<byte> target, long value)
    {
        BinaryPrimitives.WriteInt32BigEndian(target, 8);
        BinaryPrimitives.WriteInt64BigEndian(target[4..], value);
        return 12;
    }
}
