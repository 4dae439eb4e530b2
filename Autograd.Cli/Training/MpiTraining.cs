using System.Globalization;
using Autograd.Nn;
using Autograd.Nn.Config;
using Autograd.Nn.Data;
using Autograd.Nn.Distributed;

namespace Autograd.Cli.Training;

/// <summary>
/// One rank of an <c>mpirun</c> job: <see cref="DistributedDataParallel"/> over the process group (rank 0's initial
/// parameters broadcast, bucketed gradient all-reduce after each rank's GRAD_ACCU_STEPS micro-batches), a
/// <see cref="DistributedSampler"/> giving this rank its disjoint shard of every global batch, and the test split
/// evaluated in shards whose sums are all-reduced. Only rank 0 writes.
/// </summary>
/// <remarks>
/// The sampler draws from a copy of the run's generator taken right after the model is built, so every rank (and a
/// single process) visits the same global batches in the same order even when dropout draws from the run's generator
/// a different number of times on each rank.
/// </remarks>
internal sealed class MpiTraining : ParallelTraining
{
    private readonly IProcessGroup _group;
    private readonly DistributedDataParallel _parallel;
    private readonly DistributedSampler _sampler;
    private readonly DataLoader _collate;
    private readonly DataLoader _testShard;
    private long _steps;
    private TimeSpan _allReduceTime;

    public MpiTraining(TrainingConfig config, Dataset train, Dataset test, Generator generator, Device device, IProcessGroup group)
        // Arguments run in order: the model consumes the generator's initialisation draws before the copy is taken.
        : base((Sequential)ModelBuilder.Build(config, train, generator).To(device), config, Copy(generator))
    {
        _group = group;
        _parallel = new DistributedDataParallel(Model, Optimizer, group, config.BatchSize, config.GradAccuSteps, Reduction.Mean, ClipNorm(config));
        var normalization = train.ComputeNormalization();
        _sampler = new DistributedSampler(train.Count, config.BatchSize, group.Rank, group.Size, shuffle: true, generator: ShuffleGenerator);
        _collate = new DataLoader(train, config.BatchSize, normalization: normalization, device: device);
        int from = (int)((long)test.Count * group.Rank / group.Size), to = (int)((long)test.Count * (group.Rank + 1) / group.Size);
        var shard = test.Subset(Enumerable.Range(from, to - from).ToArray(), $"{test.Name} (rank {group.Rank}'s shard)");
        _testShard = new DataLoader(shard, EvalBatchSize, normalization: normalization, device: device);
    }

    public override int BatchCount => _sampler.BatchCount;

    public override bool IsWriter => _parallel.IsWriter;

    public override string Description =>
        $"Distributed over {_group.Size} MPI ranks: each trains {_parallel.Layout.ShardSize} samples of every batch in " +
        $"{_parallel.Layout.GradAccuSteps} micro-batch(es) of {_parallel.Layout.MicroBatchSize}; rank 0 writes the run's files";

    /// <summary>The mean all-reduce time per step and the bytes each rank all-reduces per step.</summary>
    public override string CommunicationSummary
    {
        get
        {
            var reducer = _parallel.Reducer;
            double milliseconds = _steps == 0 ? 0 : _allReduceTime.TotalMilliseconds / _steps;
            long elements = Optimizer.Parameters.Sum(p => (long)p.Numel);
            return string.Create(CultureInfo.InvariantCulture,
                $"All-reduce over {_group.Size} ranks: {milliseconds:F3} ms per step on average over {_steps} steps; {reducer.BytesPerStep:N0} bytes per step " +
                $"in {reducer.BucketCount} bucket(s) ({elements:N0} gradient values + {Optimizer.Parameters.Count} presence flags)");
        }
    }

    public override IEnumerable<TrainingBatch> Batches() =>
        _sampler.Batches().Select(shard => new TrainingBatch(_collate.MakeBatch(shard.Indices), shard.GlobalCount));

    public override AccumulationResult Step(TrainingBatch batch)
    {
        var result = _parallel.Step(batch.Local.Size, batch.GlobalSize, (start, count) => MicroBatchLoss(Model, batch.Local, start, count));
        _steps++;
        _allReduceTime += _parallel.LastAllReduceTime;
        return result;
    }

    /// <summary>Each rank evaluates its shard of the test split; the loss sums, correct answers and counts are summed over ranks.</summary>
    public override Evaluation Evaluate()
    {
        var local = Evaluator.Run(Model, _testShard);
        Span<double> sums = [local.Loss * local.Count, local.Correct, local.Count];
        _group.AllReduceSum(sums);
        int count = (int)sums[2];
        return new Evaluation(count == 0 ? 0 : sums[0] / count, (int)sums[1], count);
    }

    private static Generator Copy(Generator generator) => new(generator.Seed) { Offset = generator.Offset };
}
