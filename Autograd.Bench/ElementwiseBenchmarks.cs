using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>
/// Out-of-place elementwise ops on dense Float32 vectors. For Add, GB/s = 12 bytes per element (two reads, one write)
/// / time; at 16M elements the result is 64 MB, so the device's buffer pool is what is measured there.
/// <see cref="BareAdd"/> is the machine's ceiling measured in the same process at the same moment: the same add over
/// plain arrays into a preallocated one, split in halves over both cores, with no tensor, pool or scheduler around it
/// (and the same choice of cached or non-temporal stores as the device).
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
        Parallel.Invoke(() => AddRange(0, half), () => AddRange(half, Elements));
    }

    /// <summary>
    /// Elements [start, end) with the device's rule for when to keep the result in the cache: calls small enough that
    /// TensorPrimitives does not switch to non-temporal stores for a result that fits in the cache, one call otherwise.
    /// </summary>
    private void AddRange(int start, int end)
    {
        int block = Elements <= StridedRows.CachedRowLimit ? StridedRows.CachedBlock : end - start;
        for (int b = start; b < end; b += block)
        {
            int count = Math.Min(block, end - b);
            TensorPrimitives.Add(_x.AsSpan(b, count), _y.AsSpan(b, count), _z.AsSpan(b, count));
        }
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
