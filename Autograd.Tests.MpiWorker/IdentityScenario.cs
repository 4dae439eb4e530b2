using Autograd.Nn;
using Autograd.Nn.Distributed;

namespace Autograd.Tests.MpiWorker;

/// <summary>
/// The data-parallel identity: 5 optimizer steps on the same global batches of 16 samples, computed as one device
/// accumulating 4 micro-batches, as 4 devices of one process, or as R ranks each accumulating K micro-batches, must
/// end with the same parameters. Float64, no dropout, so the only differences are rounding.
/// </summary>
public static class IdentityScenario
{
    public const int BatchSize = 16;
    public const int Steps = 5;

    private const int Inputs = 6;
    private const int Classes = 3;

    /// <summary>A small Float64 MLP, the same on every call.</summary>
    public static Sequential BuildModel()
    {
        var generator = new Generator(7);
        return new Sequential(
            new Linear(Inputs, 8, generator: generator, dtype: DType.Float64),
            new Tanh(),
            new Linear(8, Classes, generator: generator, dtype: DType.Float64));
    }

    /// <summary>Steps × BATCH_SIZE samples: features [80, 6] and class labels [80], the same on every call.</summary>
    public static (Tensor Features, Tensor Labels) BuildData()
    {
        var generator = new Generator(11);
        return (Tensor.Randn([Steps * BatchSize, Inputs], generator, DType.Float64),
                Tensor.RandInt(0, Classes, [Steps * BatchSize], generator));
    }

    /// <summary>"sgd" (with momentum) or "adam".</summary>
    public static Optimizer BuildOptimizer(string kind, IEnumerable<Tensor> parameters) => kind switch
    {
        "sgd" => new Sgd(parameters, learningRate: 0.1, momentum: 0.9),
        "adam" => new Adam(parameters, learningRate: 0.01),
        _ => throw new ArgumentException($"Unknown optimizer '{kind}'; use sgd or adam.", nameof(kind)),
    };

    /// <summary>(a) One device, GRAD_ACCU_STEPS = 4.</summary>
    public static double[] OneDevice(string optimizerKind)
    {
        var model = BuildModel();
        var (x, y) = BuildData();
        var step = new GradientAccumulator(BuildOptimizer(optimizerKind, model.Parameters()), BatchSize, gradAccuSteps: 4);
        for (int s = 0; s < Steps; s++)
            step.Step(BatchSize, (start, count) =>
                Losses.CrossEntropy(model.Forward(x.Narrow(0, s * BatchSize + start, count)), y.Narrow(0, s * BatchSize + start, count)));
        return Flatten(model);
    }

    /// <summary>(b) One process, one replica per device, GRAD_ACCU_STEPS = 1.</summary>
    public static double[] DataParallel(string optimizerKind, IReadOnlyList<Device> devices)
    {
        var dp = new DataParallel<Sequential>(BuildModel, devices, BatchSize);
        var (x, y) = BuildData();
        var optimizer = BuildOptimizer(optimizerKind, dp.Module.Parameters());
        for (int s = 0; s < Steps; s++)
            dp.Step(optimizer, BatchSize, b => Losses.CrossEntropy(
                b.Module.Forward(x.Narrow(0, s * BatchSize + b.Start, b.Count).To(b.Device)),
                y.Narrow(0, s * BatchSize + b.Start, b.Count).To(b.Device)));
        return Flatten(dp.Module);
    }

    /// <summary>(c) This rank of <paramref name="group"/>, each rank accumulating <paramref name="gradAccuSteps"/> micro-batches.</summary>
    /// <param name="failAtStep">Throw on rank 1 at this step (to test that a failing rank ends the job).</param>
    public static double[] Distributed(string optimizerKind, IProcessGroup group, int gradAccuSteps, int? failAtStep = null)
    {
        var model = BuildModel();
        var (x, y) = BuildData();
        var ddp = new DistributedDataParallel(model, BuildOptimizer(optimizerKind, model.Parameters()), group, BatchSize, gradAccuSteps);
        var sampler = new DistributedSampler(Steps * BatchSize, BatchSize, group.Rank, group.Size);
        int s = 0;
        foreach (var batch in sampler.Batches())
        {
            if (s++ == failAtStep && group.Rank == 1) throw new InvalidOperationException($"rank 1 fails on purpose at step {failAtStep}");
            using var index = Tensor.From(batch.Indices, batch.Indices.Length);
            using var features = x.IndexSelect(0, index);
            using var labels = y.IndexSelect(0, index);
            ddp.Step(batch.Indices.Length, batch.GlobalCount, (start, count) =>
                Losses.CrossEntropy(model.Forward(features.Narrow(0, start, count)), labels.Narrow(0, start, count)));
        }
        return Flatten(model);
    }

    /// <summary>Every parameter's values, in order, as one array.</summary>
    public static double[] Flatten(Module model) => model.Parameters().SelectMany(p => p.ToDoubleArray()).ToArray();
}
