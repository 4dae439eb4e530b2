namespace Autograd.Nn.Distributed;

/// <summary>One replica's part of a step: its module and device, and the micro-batch's positions [Start, Start + Count) in the batch.</summary>
public readonly record struct ReplicaBatch<TModule>(int Replica, TModule Module, Device Device, int Start, int Count) where TModule : Module;

/// <summary>
/// Data-parallel training over several devices of one process (PyTorch's <c>DataParallel</c>): replica 0, on the
/// first device, is the master that the optimizer updates; the other replicas are copies on the other devices.
/// Each step scatters the batch over the replicas, runs their forward and backward passes concurrently (one thread
/// per replica), sums their gradients onto the master, steps once and copies the master's new state to the replicas.
/// </summary>
/// <remarks>
/// <para>The scaling is gradient accumulation's: each micro-batch's mean loss is weighted by its share of the batch's
/// samples, so the summed gradient is the full-batch gradient. With GRAD_ACCU_STEPS = K each replica accumulates K
/// micro-batches before the single reduction of the step (PyTorch's <c>no_sync</c>); the batch layout is
/// <see cref="ShardLayout"/>'s, so R devices × K steps equal one device accumulating R·K micro-batches.</para>
/// <para>Grad mode and tensor scopes are per thread, so the replicas' passes do not interfere. Moves between devices
/// are explicit: the loss function receives each replica's device and must put its inputs there.</para>
/// <para>Call <see cref="Step"/> outside any <see cref="TensorScope"/>: the master's gradients it creates must outlive it.</para>
/// </remarks>
/// <example><code>
/// var dp = new DataParallel&lt;Sequential&gt;(() => BuildModel(), [CpuDevice.Create(0), CpuDevice.Create(1)], batchSize: 64);
/// var optimizer = new Adam(dp.Module.Parameters());
/// dp.Step(optimizer, x.Size(0), b => Losses.CrossEntropy(
///     b.Module.Forward(x.Narrow(0, b.Start, b.Count).To(b.Device)), y.Narrow(0, b.Start, b.Count).To(b.Device)));
/// </code></example>
public sealed class DataParallel<TModule> where TModule : Module
{
    private readonly TModule[] _replicas;

    /// <param name="factory">Builds one copy of the model (called once per device); copies get the master's state.</param>
    /// <param name="devices">One replica per device; the first holds the master.</param>
    /// <param name="batchSize">BATCH_SIZE: samples per step over all devices; divisible by devices × GRAD_ACCU_STEPS.</param>
    /// <param name="gradAccuSteps">GRAD_ACCU_STEPS: micro-batches per device per step.</param>
    /// <param name="reduction">The loss's reduction: Mean (micro-batch losses weighted by share) or Sum (not scaled).</param>
    /// <param name="maxGradNorm">Clip the master's gradient norm to this before each step (null: no clipping).</param>
    public DataParallel(Func<TModule> factory, IReadOnlyList<Device> devices, int batchSize, int gradAccuSteps = 1,
        Reduction reduction = Reduction.Mean, double? maxGradNorm = null)
    {
        if (devices.Count == 0) throw new ArgumentException("DataParallel needs at least one device.", nameof(devices));
        if (reduction == Reduction.None)
            throw new ArgumentException("Data-parallel training needs a loss reduced to one number per micro-batch (Mean or Sum), not Reduction.None.", nameof(reduction));
        if (maxGradNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(maxGradNorm), $"The gradient clipping norm must be > 0, got {maxGradNorm}.");
        Layout = new ShardLayout(batchSize, devices.Count, gradAccuSteps);
        Devices = [.. devices];
        Reduction = reduction;
        MaxGradNorm = maxGradNorm;
        _replicas = devices.Select(device => (TModule)factory().To(device)).ToArray();
        Broadcast();
    }

    /// <summary>The master replica (on <c>Devices[0]</c>): hand its parameters to the optimizer, save and evaluate it.</summary>
    public TModule Module => _replicas[0];

    /// <summary>Every replica, the master first; replica i lives on <c>Devices[i]</c>.</summary>
    public IReadOnlyList<TModule> Replicas => _replicas;

    /// <summary>The devices, one per replica.</summary>
    public IReadOnlyList<Device> Devices { get; }

    /// <summary>How batches are cut into shards and micro-batches.</summary>
    public ShardLayout Layout { get; }

    /// <summary>
    /// The micro-batch loss's reduction over its samples: Mean (each micro-batch loss weighted by its share of the
    /// batch, so the summed gradient is the full-batch mean's) or Sum (not scaled).
    /// </summary>
    public Reduction Reduction { get; }

    /// <summary>The master's summed gradients are clipped to this global L2 norm before each step; null: no clipping.</summary>
    public double? MaxGradNorm { get; }

    /// <summary>
    /// Trains on one batch of <paramref name="samples"/> samples: every replica runs
    /// <paramref name="microBatchLoss"/> and backward on each of its micro-batches, concurrently with the others; the
    /// gradients are summed onto the master, clipped, and <paramref name="optimizer"/> (over the master's parameters)
    /// steps once; then the replicas receive the master's state.
    /// </summary>
    /// <returns>The full-batch loss, the gradient norm before clipping, and the number of micro-batches run.</returns>
    /// <exception cref="DataParallelException">A replica's pass threw; it names the replica and device.</exception>
    public AccumulationResult Step(Optimizer optimizer, int samples, Func<ReplicaBatch<TModule>, Tensor> microBatchLoss)
    {
        Layout.CheckSamples(samples);
        optimizer.ZeroGrad();
        foreach (var replica in _replicas) replica.ZeroGrad();
        var losses = new double[_replicas.Length];
        var microBatches = new int[_replicas.Length];
        var passes = Enumerable.Range(0, _replicas.Length)
            .Select(r => Task.Factory.StartNew(() => (losses[r], microBatches[r]) = RunReplica(r, samples, microBatchLoss), TaskCreationOptions.LongRunning))
            .ToArray();
        WaitForReplicas(passes);
        SumGradientsOntoMaster();
        double? norm = MaxGradNorm is { } maxNorm ? Optim.ClipGradNorm(optimizer.Parameters, maxNorm) : null;
        optimizer.Step();
        Broadcast();
        return new AccumulationResult(losses.Sum(), norm, microBatches.Sum());
    }

    private (double Loss, int MicroBatches) RunReplica(int r, int samples, Func<ReplicaBatch<TModule>, Tensor> microBatchLoss)
    {
        var (shardStart, shardCount) = Layout.Shard(samples, r);
        double loss = 0;
        int count = 0;
        foreach (var (start, length) in Layout.MicroBatches(shardCount))
        {
            double share = ShardLayout.Share(Reduction, length, samples);
            using (Tensor.Scope())
            {
                var microLoss = microBatchLoss(new ReplicaBatch<TModule>(r, _replicas[r], Devices[r], shardStart + start, length));
                if (microLoss.Numel != 1)
                    throw new InvalidOperationException($"The micro-batch loss must be a single number, got shape {Shape.Format([.. microLoss.Shape])}; reduce it with Mean or Sum.");
                (share == 1 ? microLoss : microLoss * share).Backward();
                loss += microLoss.Item() * share;
            }
            count++;
        }
        return (loss, count);
    }

    private void WaitForReplicas(Task[] passes)
    {
        try
        {
            Task.WaitAll(passes);
        }
        catch (AggregateException)
        {
            int r = Array.FindIndex(passes, p => p.IsFaulted);
            var error = passes[r].Exception!.InnerException!;
            throw new DataParallelException($"DataParallel: replica {r} on {Devices[r]} failed: {error.Message}", error);
        }
    }

    private void SumGradientsOntoMaster()
    {
        using var noGrad = Tensor.NoGrad();
        var master = Module.Parameters().ToArray();
        var master0 = Devices[0];
        for (int r = 1; r < _replicas.Length; r++)
        {
            var parameters = _replicas[r].Parameters().ToArray();
            for (int i = 0; i < master.Length; i++)
            {
                if (parameters[i].Grad is not { } grad) continue;
                var moved = ReferenceEquals(grad.Device, master0) ? grad.Clone() : grad.To(master0);
                if (master[i].Grad is { } sum)
                {
                    using (moved) sum.AddInPlace(moved);
                }
                else master[i].Grad = moved;
            }
        }
    }

    /// <summary>
    /// Copies the master's parameters and buffers into every other replica. <see cref="Step"/> does it after each
    /// update; call it after changing the master otherwise, e.g. loading a checkpoint into <see cref="Module"/>.
    /// </summary>
    public void Broadcast()
    {
        var state = Module.StateDict();
        try
        {
            foreach (var replica in _replicas.Skip(1)) replica.LoadStateDict(state);
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }
}

/// <summary>A replica of <see cref="DataParallel{TModule}"/> failed during its forward or backward pass.</summary>
public sealed class DataParallelException(string message, Exception inner) : Exception(message, inner);
