using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>Out-of-place add; GB/s = 12 bytes per element (two reads, one write) / time.</summary>
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
}
