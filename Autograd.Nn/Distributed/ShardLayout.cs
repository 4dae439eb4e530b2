namespace Autograd.Nn.Distributed;

/// <summary>
/// How a batch of BATCH_SIZE samples is divided among R replicas (devices or ranks) that each accumulate K =
/// GRAD_ACCU_STEPS micro-batches: the batch is cut into micro-batches of BATCH_SIZE / (R·K) samples, and replica r
/// takes the r-th run of K of them, i.e. positions [r·BATCH_SIZE/R, (r+1)·BATCH_SIZE/R) of the batch.
/// </summary>
/// <remarks>
/// With this layout R replicas × K micro-batches visit exactly the micro-batches one device with R·K accumulation
/// steps visits, so the summed gradients agree. A short last batch keeps the rule: its samples fill the replicas in
/// order, so later replicas get fewer samples or none (a replica with none still takes part in the all-reduce).
/// </remarks>
public sealed class ShardLayout
{
    /// <exception cref="ArgumentException">A count is not positive, or BATCH_SIZE is not divisible by replicas × GRAD_ACCU_STEPS.</exception>
    public ShardLayout(int batchSize, int replicas, int gradAccuSteps)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"BATCH_SIZE must be > 0, got {batchSize}.");
        if (replicas <= 0) throw new ArgumentOutOfRangeException(nameof(replicas), $"The number of replicas must be > 0, got {replicas}.");
        if (gradAccuSteps <= 0) throw new ArgumentOutOfRangeException(nameof(gradAccuSteps), $"GRAD_ACCU_STEPS must be > 0, got {gradAccuSteps}.");
        if (batchSize % (replicas * gradAccuSteps) != 0)
            throw new ArgumentException($"BATCH_SIZE ({batchSize}) is not divisible by replicas ({replicas}) × GRAD_ACCU_STEPS ({gradAccuSteps}); " +
                "every replica's micro-batch must hold BATCH_SIZE / (replicas × GRAD_ACCU_STEPS) samples.");
        BatchSize = batchSize;
        Replicas = replicas;
        GradAccuSteps = gradAccuSteps;
    }

    /// <summary>BATCH_SIZE: samples per optimizer step, over all replicas.</summary>
    public int BatchSize { get; }

    /// <summary>R: devices or ranks.</summary>
    public int Replicas { get; }

    /// <summary>K: GRAD_ACCU_STEPS, micro-batches per replica per step.</summary>
    public int GradAccuSteps { get; }

    /// <summary>BATCH_SIZE / R: the most samples one replica gets per step.</summary>
    public int ShardSize => BatchSize / Replicas;

    /// <summary>BATCH_SIZE / (R·K).</summary>
    public int MicroBatchSize => ShardSize / GradAccuSteps;

    /// <summary>Replica <paramref name="replica"/>'s positions in a batch of <paramref name="samples"/> samples: [Start, Start + Count).</summary>
    public (int Start, int Count) Shard(int samples, int replica)
    {
        CheckSamples(samples);
        if (replica < 0 || replica >= Replicas) throw new ArgumentOutOfRangeException(nameof(replica), $"Replica {replica} is not one of {Replicas}.");
        int start = Math.Min(samples, replica * ShardSize);
        return (start, Math.Min(samples, start + ShardSize) - start);
    }

    /// <summary>The micro-batches, as (start, count) relative to the shard, of a shard holding <paramref name="shardSamples"/> samples.</summary>
    public IEnumerable<(int Start, int Count)> MicroBatches(int shardSamples)
    {
        if (shardSamples < 0 || shardSamples > ShardSize)
            throw new ArgumentOutOfRangeException(nameof(shardSamples), $"A replica's shard holds 0..{ShardSize} samples, got {shardSamples}.");
        for (int start = 0; start < shardSamples; start += MicroBatchSize)
            yield return (start, Math.Min(MicroBatchSize, shardSamples - start));
    }

    /// <summary>The weight of a micro-batch's mean loss: its share of the whole batch's samples, count / samples.</summary>
    internal static double Share(Reduction reduction, int count, int samples) => reduction == Reduction.Mean ? (double)count / samples : 1;

    internal void CheckSamples(int samples)
    {
        if (samples <= 0 || samples > BatchSize)
            throw new ArgumentOutOfRangeException(nameof(samples), $"A batch must hold 1..BATCH_SIZE ({BatchSize}) samples, got {samples}.");
    }
}
