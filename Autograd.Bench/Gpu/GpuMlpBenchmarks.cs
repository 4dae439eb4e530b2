using Autograd.Gpu;
using Autograd.Nn;
using BenchmarkDotNet.Attributes;

namespace Autograd.Bench.Gpu;

/// <summary>
/// The CPU's <see cref="MlpBenchmarks"/> step on the GPU: MLP 784-256-128-10, ReLU, cross-entropy, Adam, one forward,
/// backward and update inside a tensor scope, synchronised at the end as reading the loss would.
/// </summary>
public class GpuMlpBenchmarks
{
    private IlgpuDevice _device = null!;
    private Sequential _model = null!;
    private Adam _adam = null!;
    private Tensor _x = null!, _y = null!;

    [Params(64, 1024)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _device = BenchDevice.Open();
        var g = new Generator(0);
        _model = new Sequential(
            new Linear(784, 256, generator: g), new ReLU(),
            new Linear(256, 128, generator: g), new ReLU(),
            new Linear(128, 10, generator: g));
        _model.To(_device);
        _adam = new Adam(_model.Parameters(), learningRate: 1e-3);
        _x = Tensor.Rand([Batch, 784], g).To(_device);
        _y = Tensor.RandInt(0, 10, [Batch], g).To(_device);
    }

    [Benchmark]
    public void TrainingStep()
    {
        using var scope = Tensor.Scope();
        _adam.ZeroGrad();
        Losses.CrossEntropy(_model.Forward(_x), _y).Backward();
        _adam.Step();
        _device.Synchronize();
    }
}
