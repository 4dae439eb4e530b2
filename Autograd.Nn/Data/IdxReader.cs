using System.Buffers.Binary;
using System.IO.Compression;

namespace Autograd.Nn.Data;

/// <summary>An n-dimensional array of bytes read from an IDX file: <see cref="Shape"/> and the row-major <see cref="Data"/>.</summary>
public sealed record IdxArray(int[] Shape, byte[] Data);

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST, gzip-compressed or plain. The header is two zero bytes, a type
/// code (0x08 for unsigned bytes, the only one these datasets use), the number of dimensions, then each dimension
/// as a big-endian 32-bit integer; the data follows in row-major order.
/// </summary>
public static class IdxReader
{
    private const int UnsignedByte = 0x08;

    /// <summary>Reads the file at <paramref name="path"/>; gzip is recognised by its magic bytes, not by the name.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed unsigned-byte IDX file.</exception>
    public static IdxArray Read(string path)
    {
        using var file = File.OpenRead(path);
        int first = file.ReadByte(), second = file.ReadByte();
        bool gzip = first == 0x1f && second == 0x8b;
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Read(stream, path);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: corrupt gzip data ({e.Message})", e);
        }
    }

    /// <summary>Reads an uncompressed IDX stream; <paramref name="name"/> is what error messages call it.</summary>
    public static IdxArray Read(Stream stream, string name)
    {
        Span<byte> magic = stackalloc byte[4];
        if (ReadFully(stream, magic) < 4)
            throw new InvalidDataException($"{name}: too short for an IDX header (4 bytes of magic number)");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataException(
                $"{name}: wrong magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}; an IDX file starts with 0x0000, then the type and rank " +
                "(0x00000801 for labels, 0x00000803 for images)");
        if (magic[2] != UnsignedByte)
            throw new InvalidDataException($"{name}: element type 0x{magic[2]:X2} is not supported; only unsigned bytes (0x08) are");
        int rank = magic[3];
        if (rank == 0)
            throw new InvalidDataException($"{name}: the header declares 0 dimensions");

        var header = new byte[4 * rank];
        if (ReadFully(stream, header) < header.Length)
            throw new InvalidDataException($"{name}: truncated in the header (expected {rank} dimension sizes)");
        var shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * d));
            if (shape[d] < 0) throw new InvalidDataException($"{name}: dimension {d} has a negative size {shape[d]}");
            count *= shape[d];
        }
        if (count > Array.MaxLength)
            throw new InvalidDataException($"{name}: shape {Autograd.Shape.Format(shape)} is too large to load");

        var data = new byte[count];
        int read = ReadFully(stream, data);
        if (read < data.Length)
            throw new InvalidDataException(
                $"{name}: truncated; the header declares shape {Autograd.Shape.Format(shape)} ({data.Length} bytes of data) but only {read} follow");
        if (stream.ReadByte() >= 0)
            throw new InvalidDataException($"{name}: more data than the header's shape {Autograd.Shape.Format(shape)} declares");
        return new IdxArray(shape, data);
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
