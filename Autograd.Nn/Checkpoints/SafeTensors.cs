using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Autograd.Nn;

/// <summary>The tensors and the <c>__metadata__</c> strings read from a safetensors file.</summary>
public sealed record SafeTensorsContent(Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata);

/// <summary>
/// Reads and writes the safetensors format, so weights open in PyTorch (<c>safetensors.torch.load_file</c>) and
/// other tools:
/// <code>
/// [8 bytes: N, little-endian u64] [N bytes: UTF-8 JSON header, padded with spaces] [data: raw little-endian elements]
/// header = { "__metadata__": {"key": "value", ...},
///            "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ... }
/// </code>
/// Offsets count bytes from the start of the data section, and the tensors tile it with no gaps or overlaps.
/// Element types: F32, F64, I32 and BOOL both ways; I64 is also read (into Int32, when every value fits), because
/// PyTorch stores integer buffers that way.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";

    // The reference implementation refuses larger headers; so do we, so a corrupt length cannot ask for gigabytes.
    private const ulong MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (any device, any layout) and optional string metadata to <paramref name="path"/>,
    /// atomically: the old file, if any, is replaced only once the new one is completely on disk.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = Entries(tensors);
        AtomicFile.Write(path, stream => Write(stream, entries, metadata));
    }

    /// <summary>The bytes of a safetensors file holding <paramref name="tensors"/> and <paramref name="metadata"/>.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        Write(stream, Entries(tensors), metadata);
        return stream.ToArray();
    }

    /// <summary>Reads a safetensors file; the tensors are created on <paramref name="device"/> (the CPU when null).</summary>
    /// <exception cref="InvalidDataException">The file is truncated or its header breaks the format.</exception>
    public static SafeTensorsContent Load(string path, Device? device = null)
    {
        var (entries, metadata) = Parse(File.ReadAllBytes(path), path);
        return new SafeTensorsContent(ToTensors(entries, device), metadata);
    }

    /// <summary>Reads the bytes of a safetensors file (see <see cref="Load"/>).</summary>
    public static SafeTensorsContent Deserialize(byte[] bytes, Device? device = null)
    {
        var (entries, metadata) = Parse(bytes, "<bytes>");
        return new SafeTensorsContent(ToTensors(entries, device), metadata);
    }

    /// <summary>One tensor as stored: name, element type, shape and its row-major little-endian bytes
    /// (<paramref name="Int64"/>: 8-byte integers read from another tool, narrowed to Int32 when materialised).</summary>
    internal sealed record Entry(string Name, DType DType, int[] Shape, byte[] Data, bool Int64 = false);

    /// <summary>
    /// The entries in the reference writer's order (larger elements first, then by name), so every tensor's data
    /// starts aligned to its element size.
    /// </summary>
    internal static List<Entry> Entries(IReadOnlyDictionary<string, Tensor> tensors)
    {
        RequireLittleEndian();
        return tensors
            .Select(kv => ToEntry(kv.Key, kv.Value))
            .OrderByDescending(e => e.DType.SizeOf())
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
    }

    internal static void Write(Stream stream, IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = HeaderJson(entries, metadata);
        int padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var e in entries) stream.Write(e.Data);
    }

    /// <summary>The header's JSON, unpadded; metadata keys in ordinal order so the same content always gives the same bytes.</summary>
    internal static byte[] HeaderJson(IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(key, value);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var e in entries)
            {
                w.WriteStartObject(e.Name);
                w.WriteString("dtype", DTypeName(e.DType));
                w.WriteStartArray("shape");
                foreach (int d in e.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += e.Data.Length;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits file bytes into entries (in data order) and metadata, checking every rule of the format.</summary>
    internal static (List<Entry> Entries, Dictionary<string, string> Metadata) Parse(byte[] bytes, string source)
    {
        RequireLittleEndian();
        if (bytes.Length < 8)
            throw Invalid(source, $"the file has {bytes.Length} bytes, too few for the 8-byte header length (truncated?)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
            throw Invalid(source, $"the header length field says {headerLength} bytes, more than the format's limit of {MaxHeaderBytes} (not a safetensors file, or corrupted)");
        if (8 + headerLength > (ulong)bytes.Length)
            throw Invalid(source, $"the header length field says {headerLength} bytes but only {bytes.Length - 8} follow (truncated?)");
        int dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Invalid(source, $"the header is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Invalid(source, "the header is not a JSON object");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var located = new List<(Entry Entry, long Begin, long End)>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name)) throw Invalid(source, $"the name '{property.Name}' appears twice in the header");
                if (property.Name == MetadataKey) ReadMetadata(source, property.Value, metadata);
                else located.Add(ReadEntryInfo(source, property.Name, property.Value, dataLength));
            }

            located.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            long expected = 0;
            var entries = new List<Entry>(located.Count);
            foreach (var (info, begin, end) in located)
            {
                if (begin != expected)
                    throw Invalid(source, $"tensor '{info.Name}' starts at byte {begin} of the data, but the previous tensor ends at {expected} (gaps and overlaps are not allowed)");
                expected = end;
                entries.Add(info with { Data = bytes.AsSpan(dataStart + (int)begin, (int)(end - begin)).ToArray() });
            }
            if (expected != dataLength)
                throw Invalid(source, $"the tensors cover {expected} bytes of data but the file holds {dataLength} (truncated, or trailing bytes)");
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(string source, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Invalid(source, $"{MetadataKey} must be an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Invalid(source, $"{MetadataKey} entry '{item.Name}' is a {item.Value.ValueKind}, but metadata values must be strings");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static (Entry Entry, long Begin, long End) ReadEntryInfo(string source, string name, JsonElement info, long dataLength)
    {
        if (info.ValueKind != JsonValueKind.Object
            || !info.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String
            || !info.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !info.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array)
            throw Invalid(source, $"tensor '{name}' needs \"dtype\" (a string), \"shape\" and \"data_offsets\" (arrays)");

        string dtypeName = dtypeJson.GetString()!;
        var (dtype, storedSize) = dtypeName switch
        {
            "F32" => (DType.Float32, 4),
            "F64" => (DType.Float64, 8),
            "I32" => (DType.Int32, 4),
            "I64" => (DType.Int32, 8),
            "BOOL" => (DType.Bool, 1),
            _ => throw Invalid(source, $"tensor '{name}' has dtype {dtypeName}; supported: F32, F64, I32, I64, BOOL"),
        };
        var shape = shapeJson.EnumerateArray().Select(d => d.TryGetInt32(out int v) && v >= 0 ? v
            : throw Invalid(source, $"tensor '{name}' has a shape entry {d} that is not a non-negative 32-bit integer")).ToArray();
        var offsets = offsetsJson.EnumerateArray().Select(o => o.TryGetInt64(out long v) && v >= 0 ? v
            : throw Invalid(source, $"tensor '{name}' has a data offset {o} that is not a non-negative integer")).ToArray();
        if (offsets.Length != 2 || offsets[0] > offsets[1] || offsets[1] > dataLength)
            throw Invalid(source, $"tensor '{name}' has data_offsets [{string.Join(", ", offsets)}], outside the {dataLength} bytes of data (truncated?)");
        long expectedBytes = Shape.Numel(shape) * (long)storedSize;
        if (offsets[1] - offsets[0] != expectedBytes)
            throw Invalid(source, $"tensor '{name}' ({dtypeName} {Shape.Format(shape)}) needs {expectedBytes} bytes but its offsets span {offsets[1] - offsets[0]}");

        return (new Entry(name, dtype, shape, [], Int64: dtypeName == "I64"), offsets[0], offsets[1]);
    }

    /// <summary>The entries as tensors on <paramref name="device"/> (the CPU when null).</summary>
    internal static Dictionary<string, Tensor> ToTensors(IEnumerable<Entry> entries, Device? device)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var t = ToTensor(e);
            if (device is not null && !ReferenceEquals(device, t.Device))
            {
                var moved = t.To(device);
                t.Dispose();
                t = moved;
            }
            tensors[e.Name] = t;
        }
        return tensors;
    }

    private static Entry ToEntry(string name, Tensor t) => new(name, t.DType, t.Shape.ToArray(), t.DType switch
    {
        DType.Float32 => MemoryMarshal.AsBytes(t.ToArray<float>().AsSpan()).ToArray(),
        DType.Float64 => MemoryMarshal.AsBytes(t.ToArray<double>().AsSpan()).ToArray(),
        DType.Int32 => MemoryMarshal.AsBytes(t.ToArray<int>().AsSpan()).ToArray(),
        _ => t.ToArray<bool>().Select(b => b ? (byte)1 : (byte)0).ToArray(),
    });

    private static Tensor ToTensor(Entry e)
    {
        var data = e.Data.AsSpan();
        if (e.Int64) return Create(Narrow(e.Name, MemoryMarshal.Cast<byte, long>(data)), e.Shape, Tensor.From);
        return e.DType switch
        {
            DType.Float32 => Create(MemoryMarshal.Cast<byte, float>(data).ToArray(), e.Shape, Tensor.From),
            DType.Float64 => Create(MemoryMarshal.Cast<byte, double>(data).ToArray(), e.Shape, Tensor.From),
            DType.Int32 => Create(MemoryMarshal.Cast<byte, int>(data).ToArray(), e.Shape, Tensor.From),
            _ => Create(data.ToArray().Select(b => b != 0).ToArray(), e.Shape, Tensor.From),
        };
    }

    private static int[] Narrow(string name, ReadOnlySpan<long> values)
    {
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is < int.MinValue or > int.MaxValue)
                throw new InvalidDataException($"safetensors: I64 tensor '{name}' holds {values[i]}, which does not fit the Int32 that Autograd uses for integers.");
            result[i] = (int)values[i];
        }
        return result;
    }

    /// <summary>Tensor.From treats an empty shape as "1-D", so a 0-d tensor is made 1-D first and then reshaped.</summary>
    private static Tensor Create<T>(T[] data, int[] shape, Func<T[], int[], Tensor> from)
    {
        if (shape.Length > 0) return from(data, shape);
        using var flat = from(data, [1]);
        return flat.Reshape();
    }

    private static string DTypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int32 => "I32",
        _ => "BOOL",
    };

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors stores little-endian data; reading or writing it on a big-endian machine is not supported.");
    }

    private static InvalidDataException Invalid(string source, string problem) =>
        new($"safetensors '{source}': {problem}.");
}
