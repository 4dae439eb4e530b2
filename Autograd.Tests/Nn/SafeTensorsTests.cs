using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class SafeTensorsTests
{
    private static Dictionary<string, Tensor> EveryDType() => new()
    {
        ["a"] = Tensor.From([1.5f, -2f], 2),
        ["b"] = Tensor.Scalar(7, DType.Int32),
        ["c"] = Tensor.From([true, false, true], 3),
        ["d"] = Tensor.From([0.1, -1e300], 1, 2),
    };

    [Test]
    public void BytesFollowTheSpecification()
    {
        var bytes = SafeTensors.Serialize(EveryDType(), new Dictionary<string, string> { ["k"] = "v" });

        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.That(n % 8, Is.EqualTo(0), "the header is padded so the data starts 8-byte aligned");
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.That(header, Does.StartWith("{"));
        Assert.That(header.TrimEnd(' '), Does.EndWith("}"), "padding is spaces");
        using var json = JsonDocument.Parse(header);
        var root = json.RootElement;
        Assert.That(root.GetProperty("__metadata__").GetProperty("k").GetString(), Is.EqualTo("v"));

        // Larger elements first, then by name: d (F64), a (F32), b (I32), c (BOOL).
        (string Name, string DType, int[] Shape, long Begin, long End)[] expected =
        [
            ("d", "F64", [1, 2], 0, 16), ("a", "F32", [2], 16, 24), ("b", "I32", [], 24, 28), ("c", "BOOL", [3], 28, 31),
        ];
        foreach (var (name, dtype, shape, begin, end) in expected)
        {
            var entry = root.GetProperty(name);
            Assert.That(entry.GetProperty("dtype").GetString(), Is.EqualTo(dtype), name);
            Assert.That(entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(shape), name);
            Assert.That(entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new[] { begin, end }), name);
        }

        var data = bytes.AsSpan(8 + (int)n);
        Assert.That(data.Length, Is.EqualTo(31));
        Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(data[8..]), Is.EqualTo(-1e300));
        Assert.That(BinaryPrimitives.ReadSingleLittleEndian(data[16..]), Is.EqualTo(1.5f));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(data[24..]), Is.EqualTo(7));
        Assert.That(data[28..].ToArray(), Is.EqualTo(new byte[] { 1, 0, 1 }));
    }

    [Test]
    public void EveryDTypeRoundTrips()
    {
        var original = EveryDType();
        original["empty"] = Tensor.Zeros([0, 3], DType.Float64);
        original["strided"] = Tensor.From([1, 2, 3, 4, 5, 6], 2, 3).T;
        var loaded = SafeTensors.Deserialize(SafeTensors.Serialize(original, new Dictionary<string, string> { ["note"] = "ünïcode \"quoted\"" }));
        Assert.That(loaded.Metadata["note"], Is.EqualTo("ünïcode \"quoted\""));
        Assert.That(loaded.Tensors.Keys, Is.EquivalentTo(original.Keys));
        foreach (var (name, t) in original)
        {
            var back = loaded.Tensors[name];
            Assert.That(back.DType, Is.EqualTo(t.DType), name);
            Assert.That(back.Shape, Is.EqualTo(t.Shape), name);
            Assert.That(back.ToDoubleArray(), Is.EqualTo(t.ToDoubleArray()), name);
        }
    }

    [Test]
    public void ReadsAFileWrittenByAnotherToolIncludingI64()
    {
        var header = """{"x":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},"__metadata__":{"format":"pt"}}""";
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes((ulong)header.Length));
        bytes.AddRange(Encoding.UTF8.GetBytes(header));
        bytes.AddRange(BitConverter.GetBytes(-3L));
        bytes.AddRange(BitConverter.GetBytes(40L));
        var loaded = SafeTensors.Deserialize(bytes.ToArray());
        Assert.That(loaded.Tensors["x"].DType, Is.EqualTo(DType.Int32));
        Assert.That(loaded.Tensors["x"].ToArray<int>(), Is.EqualTo(new[] { -3, 40 }));
        Assert.That(loaded.Metadata["format"], Is.EqualTo("pt"));
    }

    [Test]
    public void TruncatedFilesAreRefused()
    {
        var bytes = SafeTensors.Serialize(EveryDType());
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(bytes[..^1]));
        Assert.That(ex!.Message, Does.Contain("truncated"));
        ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(bytes[..20]));
        Assert.That(ex!.Message, Does.Contain("truncated"));
        Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(bytes[..5]));
    }

    [Test]
    public void GapsBadDTypesAndHugeHeadersAreRefused()
    {
        static byte[] File(string header, int dataBytes) =>
            [.. BitConverter.GetBytes((ulong)header.Length), .. Encoding.UTF8.GetBytes(header), .. new byte[dataBytes]];

        var gap = File("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8);
        Assert.That(Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(gap))!.Message, Does.Contain("gaps"));
        var dtype = File("""{"x":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}""", 2);
        Assert.That(Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(dtype))!.Message, Does.Contain("F16"));
        var size = File("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8);
        Assert.That(Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(size))!.Message, Does.Contain("needs 12 bytes"));
        byte[] huge = [.. BitConverter.GetBytes(ulong.MaxValue), .. new byte[8]];
        Assert.That(Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(huge))!.Message, Does.Contain("limit"));
    }

    [Test]
    public void SaveWritesTheFileAndLeavesNoTemporaryFiles()
    {
        var folder = Directory.CreateTempSubdirectory("safetensors").FullName;
        try
        {
            var path = Path.Combine(folder, "weights.safetensors");
            SafeTensors.Save(path, EveryDType());
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["only"] = Tensor.From([2.0], 1) });
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }));
            Assert.That(SafeTensors.Load(path).Tensors["only"].ToDoubleArray(), Is.EqualTo(new[] { 2.0 }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
