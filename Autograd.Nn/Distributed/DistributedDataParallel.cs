using System.Diagnostics;

namespace Autograd.Nn.Distributed;

/// <summary>
/// Data-parallel training over a process group (PyTorch's <c>DistributedDataParallel</c>): every rank holds a full
/// copy of the model and its own optimizer, trains on its shard of each batch, and the ranks sum their gradients
/// before each (identical) optimizer step, so the copies stay equal.
/// </summary>
/// <remarks>
/// <para>Construction broadcasts rank 0's parameters and buffers to every rank, so the ranks start equal even if they
/// initialised differently.</para>
/// <para>One <see cref="Step"/> is gradient accumulation spread over ranks: each rank runs its K = GRAD_ACCU_STEPS
/// micro-batches with no communication (PyTorch's <c>no_sync</c>), scaling each micro-batch's mean loss by its
/// share of the <em>global</em> batch, count / samples; after the last one the gradients are all-reduced (summed) in
/// buckets, which gives every rank the full-batch gradient; then optional clipping and the step. With equal shards
/// this equals one device accumulating R·K micro-batches (see <see cref="ShardLayout"/>).</para>
/// <para>Dropout draws from each rank's own generator, so with dropout on the ranks' masks differ from a single
/// process's; BatchNorm normalises with each micro-batch's statistics, as under accumulation.</para>
/// </remarks>
public sealed class DistributedDataParallel
{
    private readonly Optimizer _optimizer;

    /// <param name="module">This rank's copy of the model (built the same way on every rank).</param>
    /// <param name="optimizer">This rank's optimizer over <paramref name="module"/>'s parameters.</param>
    /// <param name="group">The ranks.</param>
    /// <param name="batchSize">BATCH_SIZE: samples per optimizer step over all ranks; divisible by ranks × GRAD_ACCU_STEPS.</param>
    /// <param name="gradAccuSteps">GRAD_ACCU_STEPS: micro-batches per rank per step.</param>
    /// <param name="reduction">The loss's reduction: Mean (micro-batch losses weighted by share) or Sum (not scaled).</param>
    /// <param name="maxGradNorm">Clip the global gradient norm to this after the all-reduce (null: no clipping).</param>
    /// <param name="bucketCapBytes">The gradient bucket size (see <see cref="GradientReducer"/>).</param>
    public DistributedDataParallel(Module module, Optimizer optimizer, IProcessGroup group, int batchSize, int gradAccuSteps = 1,
        Reduction reduction = Reduction.Mean, double? maxGradNorm = null, int bucketCapBytes = GradientReducer.DefaultBucketCapBytes)
    {
        if (reduction == Reduction.None)
            throw new ArgumentException("Data-parallel training needs a loss reduced to one number per micro-batch (Mean or Sum), not Reduction.None.", nameof(reduction));
        if (maxGradNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(maxGradNorm), $"The gradient clipping norm must be > 0, got {maxGradNorm}.");
        Layout = new ShardLayout(batchSize, group.Size, gradAccuSteps);
        Module = module;
        Group = group;
        Reduction = reduction;
        MaxGradNorm = maxGradNorm;
        _optimizer = optimizer;
        Reducer = new GradientReducer(group, optimizer.Parameters, bucketCapBytes);
        BroadcastState();
    }

    /// <summary>This rank's model.</summary>
    public Module Module { get; }

    /// <summary>The ranks.</summary>
    public IProcessGroup Group { get; }

    /// <summary>How batches are cut into shards and micro-batches.</summary>
    public ShardLayout Layout { get; }

    /// <summary>The bucketed gradient all-reduce.</summary>
    public GradientReducer Reducer { get; }

    /// <summary>
    /// The micro-batch loss's reduction over its samples: Mean (each micro-batch loss weighted by its share of the
    /// batch, so the summed gradient is the full-batch mean's) or Sum (not scaled).
    /// </summary>
    public Reduction Reduction { get; }

    /// <summary>The all-reduced gradients are clipped to this global L2 norm before each step; null: no clipping.</summary>
    public double? MaxGradNorm { get; }

    /// <summary>True on the one rank (0) that writes logs, plots and checkpoints.</summary>
    public bool IsWriter => Group.Rank == 0;

    /// <summary>Wall-clock time the last <see cref="Step"/> spent in the gradient all-reduce.</summary>
    public TimeSpan LastAllReduceTime { get; private set; }

    /// <summary>Copies rank 0's parameters and buffers into every rank's module (done at construction).</summary>
    public void BroadcastState()
    {
        var state = Module.StateDict();
        try
        {
            foreach (var tensor in state.Values.Where(t => t.DType.IsFloatingPoint())) Group.Broadcast(tensor);
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }

    /// <summary>
    /// Trains on one batch: clears the gradients, runs <paramref name="microBatchLoss"/>(start, count) and backward for
    /// each micro-batch of this rank's <paramref name="localSamples"/> samples, all-reduces the gradients, clips and steps.
    /// Every rank must call it for every batch, even with no samples of its own.
    /// </summary>
    /// <param name="localSamples">This rank's samples of the batch (0..BATCH_SIZE / ranks).</param>
    /// <param name="globalSamples">The batch's samples over all ranks: BATCH_SIZE, or fewer for the last batch of an epoch.</param>
    /// <param name="microBatchLoss">The loss (a scalar with the configured reduction) of this rank's samples [start, start + count).</param>
    /// <returns>The full-batch loss (the same on every rank), the gradient norm before clipping, and this rank's micro-batch count.</returns>
    public AccumulationResult Step(int localSamples, int globalSamples, Func<int, int, Tensor> microBatchLoss)
    {
        Layout.CheckSamples(globalSamples);
        _optimizer.ZeroGrad();
        Span<double> loss = [0];
        int microBatches = 0;
        foreach (var (start, count) in Layout.MicroBatches(localSamples))
        {
            double share = ShardLayout.Share(Reduction, count, globalSamples);
            using (Tensor.Scope())
            {
                var microLoss = microBatchLoss(start, count);
                if (microLoss.Numel != 1)
                    throw new InvalidOperationException($"The micro-batch loss must be a single number, got shape {Shape.Format([.. microLoss.Shape])}; reduce it with Mean or Sum.");
                (share == 1 ? microLoss : microLoss * share).Backward();
                loss[0] += microLoss.Item() * share;
            }
            microBatches++;
        }
        var clock = Stopwatch.StartNew();
        Reducer.AllReduceGradients();
        LastAllReduceTime = clock.Elapsed;
        Group.AllReduceSum(loss);
        double? norm = MaxGradNorm is { } maxNorm ? Optim.ClipGradNorm(_optimizer.Parameters, maxNorm) : null;
        _optimizer.Step();
        return new AccumulationResult(loss[0], norm, microBatches);
    }
}
