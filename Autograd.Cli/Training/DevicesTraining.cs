using Autograd.Nn;
using Autograd.Nn.Config;
using Autograd.Nn.Data;
using Autograd.Nn.Distributed;

namespace Autograd.Cli.Training;

/// <summary>
/// <c>DEVICES: [a, b, …]</c> in one process: a <see cref="DataParallel{TModule}"/> replica per device, each batch's
/// micro-batches spread over them (device r takes the r-th BATCH_SIZE / devices samples, in GRAD_ACCU_STEPS
/// micro-batches), the gradients summed onto the master on the first device, one step, the replicas refreshed.
/// </summary>
/// <remarks>
/// The master is built first from the run's generator, exactly as on one device, so the initial weights and the
/// shuffling order are one device's; the other replicas are built from throwaway generators (their weights are
/// overwritten by the master's) which also drive their dropout.
/// </remarks>
internal sealed class DevicesTraining : ParallelTraining
{
    private readonly DataParallel<Sequential> _parallel;
    private readonly DataLoader _trainLoader;
    private readonly DataLoader _testLoader;

    public DevicesTraining(TrainingConfig config, Dataset train, Dataset test, Generator generator, IReadOnlyList<Device> devices)
        : this(config, train, test, generator, NewDataParallel(config, train, generator, devices))
    {
    }

    private DevicesTraining(TrainingConfig config, Dataset train, Dataset test, Generator generator, DataParallel<Sequential> parallel)
        : base(parallel.Module, config, generator)
    {
        _parallel = parallel;
        var normalization = train.ComputeNormalization();
        var master = parallel.Devices[0];
        _trainLoader = new DataLoader(train, config.BatchSize, shuffle: true, generator: generator, normalization: normalization, device: master);
        _testLoader = new DataLoader(test, EvalBatchSize, normalization: normalization, device: master);
    }

    public override int BatchCount => _trainLoader.BatchCount;

    public override string Description =>
        $"Data-parallel over {_parallel.Devices.Count} devices ({string.Join(", ", _parallel.Devices.Select(d => d.Name))}): each takes " +
        $"{_parallel.Layout.ShardSize} samples of every batch in {_parallel.Layout.GradAccuSteps} micro-batch(es) of {_parallel.Layout.MicroBatchSize}";

    public override IEnumerable<TrainingBatch> Batches() => _trainLoader.Select(batch => new TrainingBatch(batch, batch.Size));

    public override AccumulationResult Step(TrainingBatch batch)
    {
        var (x, y) = batch.Local;
        return _parallel.Step(Optimizer, batch.GlobalSize, b => Losses.CrossEntropy(
            b.Module.Forward(x.Narrow(0, b.Start, b.Count).To(b.Device)), y.Narrow(0, b.Start, b.Count).To(b.Device)));
    }

    public override Evaluation Evaluate() => Evaluator.Run(Model, _testLoader);

    public override void AfterRestore() => _parallel.Broadcast();

    private static DataParallel<Sequential> NewDataParallel(TrainingConfig config, Dataset train, Generator generator, IReadOnlyList<Device> devices)
    {
        int built = 0;
        return new DataParallel<Sequential>(
            () => ModelBuilder.Build(config, train, built++ == 0 ? generator : new Generator((ulong)config.Seed + (ulong)built)),
            devices, config.BatchSize, config.GradAccuSteps, Reduction.Mean, ClipNorm(config));
    }
}
