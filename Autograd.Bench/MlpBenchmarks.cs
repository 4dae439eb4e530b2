using Autograd.Nn;
using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>
/// One training step of an MLP 784-256-128-10 (ReLU, cross-entropy, Adam) on a fixed batch: forward, backward and
/// the optimizer update, inside a tensor scope as a training loop would run it. The memory diagnoser shows what a
/// steady-state step still allocates.
/// </summary>
[MemoryDiagnoser]
public class MlpBenchmarks
{
    private Linear _l1 = null!, _l2 = null!, _l3 = null!;
    private Adam _adam = null!;
    private Tensor _x = null!, _y = null!;

    [Params(64, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(0);
        _l1 = new Linear(784, 256, generator: g);
        _l2 = new Linear(256, 128, generator: g);
        _l3 = new Linear(128, 10, generator: g);
        _adam = new Adam(_l1.Parameters().Concat(_l2.Parameters()).Concat(_l3.Parameters()), learningRate: 1e-3);
        _x = Tensor.Rand([Batch, 784], g);
        _y = Tensor.RandInt(0, 10, [Batch], g);
    }

    [Benchmark]
    public void TrainingStep()
    {
        using var scope = Tensor.Scope();
        _adam.ZeroGrad();
        var hidden = _l2.Forward(_l1.Forward(_x).Relu()).Relu();
        var loss = Losses.CrossEntropy(_l3.Forward(hidden), _y);
        loss.Backward();
        _adam.Step();
    }
}
