using Autograd.Nn;
using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>
/// Row-wise reductions and the kernels cross-entropy is built from, on [Rows, Columns] Float32 inputs: a full sum, a
/// sum over the batch dimension (a bias gradient), the maximum (all elements, and per row with its index), argmax,
/// softmax, log-softmax and the whole cross-entropy forward pass.
/// </summary>
[MemoryDiagnoser]
public class ReductionBenchmarks
{
    private Tensor _x = null!, _target = null!;

    [Params(10, 1000)]
    public int Columns { get; set; }

    [Params(256)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        _x = Tensor.Randn([Rows, Columns], g);
        _target = Tensor.RandInt(0, Columns, [Rows], g);
    }

    [Benchmark]
    public void SumAll()
    {
        using var y = _x.Sum();
    }

    [Benchmark]
    public void SumOverBatch()
    {
        using var y = _x.Sum(0);
    }

    [Benchmark]
    public void MaxAll()
    {
        using var y = _x.Max();
    }

    [Benchmark]
    public void MaxPerRow()
    {
        var (values, indices) = _x.Max(1);
        values.Dispose();
        indices.Dispose();
    }

    [Benchmark]
    public void ArgMaxAll()
    {
        using var y = _x.ArgMax();
    }

    [Benchmark]
    public void Softmax()
    {
        using var y = _x.Softmax(1);
    }

    [Benchmark]
    public void LogSoftmax()
    {
        using var y = _x.LogSoftmax(1);
    }

    [Benchmark]
    public void CrossEntropy()
    {
        using var y = Losses.CrossEntropy(_x, _target);
    }
}
