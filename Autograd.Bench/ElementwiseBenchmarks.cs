using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>
/// Out-of-place elementwise ops on dense Float32 vectors. For Add, GB/s = 12 bytes per element (two reads, one write)
/// / time; at 16M elements the result is 64 MB, so the device's buffer pool is what is measured there.
/// </summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private Tensor _a = null!, _b = null!;

    [Params(1 << 20, 1 << 24)]
    public int Elements { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = Tensor.Rand([Elements], new Generator(1));
        _b = Tensor.Rand([Elements], new Generator(2));
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
