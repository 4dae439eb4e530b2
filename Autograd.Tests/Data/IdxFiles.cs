using System.Buffers.Binary;
using System.IO.Compression;

namespace Autograd.Tests.Data;

/// <summary>Writes small IDX files (optionally gzip-compressed) for the reader tests.</summary>
internal static class IdxFiles
{
    public static byte[] Encode(int[] shape, byte[] data, byte type = 0x08)
    {
        var bytes = new byte[4 + 4 * shape.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)shape.Length;
        for (int d = 0; d < shape.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
        data.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    public static string Write(string folder, string name, byte[] bytes, bool gzip)
    {
        string path = Path.Combine(folder, name);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return path;
        }
        using var file = File.Create(path);
        using var compressed = new GZipStream(file, CompressionLevel.Fastest);
        compressed.Write(bytes);
        return path;
    }

    /// <summary>Writes a consistent set of the four Fashion-MNIST files with 3 train and 2 test images of 2×2 pixels.</summary>
    public static void WriteFashionSet(string folder)
    {
        Write(folder, "train-images-idx3-ubyte.gz", Encode([3, 2, 2], [0, 255, 0, 255, 1, 2, 3, 4, 10, 20, 30, 40]), gzip: true);
        Write(folder, "train-labels-idx1-ubyte.gz", Encode([3], [9, 0, 4]), gzip: true);
        Write(folder, "t10k-images-idx3-ubyte", Encode([2, 2, 2], [1, 1, 1, 1, 2, 2, 2, 2]), gzip: false);
        Write(folder, "t10k-labels-idx1-ubyte", Encode([2], [1, 2]), gzip: false);
    }
}
