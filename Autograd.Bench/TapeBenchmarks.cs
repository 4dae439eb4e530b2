using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>The cost of recording ops: tiny tensors, so dispatch and graph bookkeeping dominate.</summary>
[MemoryDiagnoser]
public class TapeBenchmarks
{
    private Tensor _a = null!, _b = null!, _leaf = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = Tensor.Rand([16], new Generator(1));
        _b = Tensor.Rand([16], new Generator(2));
        _leaf = Tensor.Rand([16], new Generator(3), requiresGrad: true);
    }

    [Benchmark]
    public void AddSixteenFloatsNoGrad()
    {
        using var y = _a + _b;
    }

    [Benchmark]
    public void AddSixteenFloatsWithGrad()
    {
        using var y = _leaf + _b;
    }

    [Benchmark]
    public void ChainOfHundredOpsForwardBackward()
    {
        using var scope = Tensor.Scope();
        var y = _leaf;
        for (int i = 0; i < 100; i++) y = y * 1.0001;
        y.Sum().Backward();
        _leaf.Grad!.Dispose();
        _leaf.Grad = null;
    }
}
