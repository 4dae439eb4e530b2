using Autograd.Nn;
using Autograd.Nn.Config;
using Autograd.Nn.Data;
using Autograd.Nn.Distributed;

namespace Autograd.Cli.Training;

/// <summary>Where a run trains: its devices (one, or several for data-parallel replicas) and, under MPI, its process group.</summary>
/// <param name="Devices">This process's devices; the first holds the model that is saved and evaluated.</param>
/// <param name="Group">The ranks of an <c>mpirun</c> job, or null for a single process.</param>
internal sealed record ParallelSetup(IReadOnlyList<Device> Devices, IProcessGroup? Group = null);

/// <summary>One global batch of an epoch: this process's samples of it, and the batch's samples over all ranks.</summary>
internal sealed record TrainingBatch(Batch Local, int GlobalSize) : IDisposable
{
    public void Dispose() => Local.Dispose();
}

/// <summary>
/// How a run turns batches into optimizer steps: on one device (<see cref="GradientAccumulator"/>), over several
/// devices of this process (<see cref="DataParallel{TModule}"/>), or over the ranks of an MPI job
/// (<see cref="DistributedDataParallel"/>). All three give the same full-batch gradient, so the session around them
/// (epochs, evaluation, checkpoints) is the same.
/// </summary>
internal abstract class ParallelTraining
{
    protected const int EvalBatchSize = 1000;

    /// <summary>Takes the built model (already on its device) and creates the optimizer the config names over it.</summary>
    protected ParallelTraining(Sequential model, TrainingConfig config, Generator shuffleGenerator)
    {
        Model = model;
        Optimizer = OptimizerFactory.Create(config, model.Parameters());
        ShuffleGenerator = shuffleGenerator;
    }

    /// <summary>The model that is evaluated and saved (the master replica, or this rank's copy).</summary>
    public Sequential Model { get; }

    /// <summary>The optimizer over <see cref="Model"/>'s parameters.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The generator that orders the training samples: saved in checkpoints so a resumed run continues the order.</summary>
    public Generator ShuffleGenerator { get; }

    /// <summary>Optimizer steps per epoch (the same on every rank).</summary>
    public abstract int BatchCount { get; }

    /// <summary>Whether this process writes the run's files and console output (only rank 0 of an MPI job does).</summary>
    public virtual bool IsWriter => true;

    /// <summary>A line describing how the work is spread, or null on a single device.</summary>
    public virtual string? Description => null;

    /// <summary>A line with the communication cost of the run so far, or null when there is none to report.</summary>
    public virtual string? CommunicationSummary => null;

    /// <summary>One epoch's batches, each to be disposed by the caller; every rank gets every global batch.</summary>
    public abstract IEnumerable<TrainingBatch> Batches();

    /// <summary>One optimizer step on <paramref name="batch"/>; its loss is the full-batch loss (the same on every rank).</summary>
    public abstract AccumulationResult Step(TrainingBatch batch);

    /// <summary>Mean loss and accuracy over the whole test split.</summary>
    public abstract Evaluation Evaluate();

    /// <summary>Called after a checkpoint was loaded into <see cref="Model"/>, so copies of it can follow.</summary>
    public virtual void AfterRestore()
    {
    }

    /// <summary>Chooses the strategy for <paramref name="setup"/> and builds the model, its optimizer and the data loaders.</summary>
    public static ParallelTraining Create(TrainingConfig config, Dataset train, Dataset test, Generator generator, ParallelSetup setup)
    {
        if (setup.Group is { } group) return new MpiTraining(config, train, test, generator, setup.Devices[0], group);
        if (setup.Devices.Count > 1) return new DevicesTraining(config, train, test, generator, setup.Devices);
        return new SingleDeviceTraining(config, train, test, generator, setup.Devices[0]);
    }

    protected static double? ClipNorm(TrainingConfig config) => config.GradNormClip > 0 ? config.GradNormClip : null;

    protected static Tensor MicroBatchLoss(Sequential model, Batch batch, int start, int count) =>
        Losses.CrossEntropy(model.Forward(batch.Features.Narrow(0, start, count)), batch.Labels.Narrow(0, start, count));
}

/// <summary>The plain run: one device, GRAD_ACCU_STEPS micro-batches accumulated per step.</summary>
internal sealed class SingleDeviceTraining : ParallelTraining
{
    private readonly DataLoader _trainLoader;
    private readonly DataLoader _testLoader;
    private readonly GradientAccumulator _accumulator;

    public SingleDeviceTraining(TrainingConfig config, Dataset train, Dataset test, Generator generator, Device device)
        : base((Sequential)ModelBuilder.Build(config, train, generator).To(device), config, generator)
    {
        var normalization = train.ComputeNormalization();
        _trainLoader = new DataLoader(train, config.BatchSize, shuffle: true, generator: generator, normalization: normalization, device: device);
        _testLoader = new DataLoader(test, EvalBatchSize, normalization: normalization, device: device);
        _accumulator = new GradientAccumulator(Optimizer, config.BatchSize, config.GradAccuSteps, Reduction.Mean, ClipNorm(config));
    }

    public override int BatchCount => _trainLoader.BatchCount;

    public override IEnumerable<TrainingBatch> Batches() => _trainLoader.Select(batch => new TrainingBatch(batch, batch.Size));

    public override AccumulationResult Step(TrainingBatch batch) =>
        _accumulator.Step(batch.GlobalSize, (start, count) => MicroBatchLoss(Model, batch.Local, start, count));

    public override Evaluation Evaluate() => Evaluator.Run(Model, _testLoader);
}
