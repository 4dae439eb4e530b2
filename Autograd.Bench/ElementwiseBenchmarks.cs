using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>
/// Out-of-place elementwise ops on dense Float32 vectors. For Add, GB/s = 12 bytes per element (two reads, one write)
/// / time; at 16M elements the result is 64 MB, so the device's buffer pool is what is measured there.
/// <see cref="BareAdd"/> is the machine's ceiling measured in the same process at the same moment: the same add over
/// plain arrays into a preallocated one, split in halves over both cores, with no tensor, pool or scheduler around it.
/// </summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private Tensor _a = null!, _b = null!;
    private float[] _x = null!, _y = null!, _z = null!;

    [Params(1 << 20, 1 << 24)]
    public int Elements { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = Tensor.Rand([Elements], new Generator(1));
        _b = Tensor.Rand([Elements], new Generator(2));
        _x = _a.ToArray<float>();
        _y = _b.ToArray<float>();
        _z = new float[Elements];
    }

    [Benchmark]
    public void BareAdd()
    {
        int half = Elements / 2;
        Parallel.Invoke(
            () => TensorPrimitives.Add(_x.AsSpan(0, half), _y.AsSpan(0, half), _z.AsSpan(0, half)),
            () => TensorPrimitives.Add(_x.AsSpan(half), _y.AsSpan(half), _z.AsSpan(half)));
    }

    [Benchmark]
    public void Add()
    {
        using var y = _a + _b;
    }

    [Benchmark]
    public void MulByScalar()
    {
        using var y = _a * 0.5;
    }

    [Benchmark]
    public void Exp()
    {
        using var y = _a.Exp();
    }

    [Benchmark]
    public void Relu()
    {
        using var y = _a.Relu();
    }
}
