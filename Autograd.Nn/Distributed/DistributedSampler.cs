namespace Autograd.Nn.Distributed;

/// <summary>One rank's part of a global batch: the dataset indices it trains on, and the size of the whole batch.</summary>
/// <param name="Indices">This rank's samples, in order (none for a late rank in the last, short batch).</param>
/// <param name="GlobalCount">The batch's samples over all ranks: the denominator of each micro-batch's loss share.</param>
public sealed record ShardedBatch(int[] Indices, int GlobalCount);

/// <summary>
/// Splits each epoch's batches among the ranks of a job (PyTorch's <c>DistributedSampler</c>, per batch): every rank
/// draws the same seeded order, cuts it into the same global batches of BATCH_SIZE, and keeps its own disjoint shard
/// of each, so together the ranks see exactly the batches one process would.
/// </summary>
/// <remarks>
/// <para>The order is the <see cref="Autograd.Nn.Data.DataLoader"/>'s (Fisher–Yates from the <see cref="Generator"/>),
/// so ranks seeded like a single-process loader visit the same global batches in the same order.</para>
/// <para>Shards follow <see cref="ShardLayout"/>: rank r takes positions [r·BATCH_SIZE/R, (r+1)·BATCH_SIZE/R) of each
/// batch. The remainder rule: when the dataset size is not a multiple of BATCH_SIZE, the last batch is short (or,
/// with <c>dropLast</c>, skipped); its samples fill the ranks in order, so later ranks get fewer or none. No sample is
/// repeated or padded (unlike PyTorch's sampler), which keeps the gradient identical to one process's; every rank
/// still gets every batch, so the collectives stay matched.</para>
/// </remarks>
public sealed class DistributedSampler
{
    private readonly Generator? _generator;
    private readonly ShardLayout _layout;

    /// <param name="count">Samples in the dataset.</param>
    /// <param name="batchSize">BATCH_SIZE over all ranks; divisible by the number of ranks.</param>
    /// <param name="rank">This rank.</param>
    /// <param name="ranks">The number of ranks.</param>
    /// <param name="shuffle">Draw a new order each pass (needs <paramref name="generator"/>, seeded alike on every rank).</param>
    /// <param name="generator">The source of the order.</param>
    /// <param name="dropLast">Skip the last batch when it is short.</param>
    public DistributedSampler(int count, int batchSize, int rank, int ranks, bool shuffle = false, Generator? generator = null, bool dropLast = false)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"DistributedSampler: the dataset size must be ≥ 0, got {count}.");
        if (shuffle && generator is null) throw new ArgumentException("DistributedSampler: shuffling needs a Generator, seeded alike on every rank", nameof(generator));
        _layout = new ShardLayout(batchSize, ranks, 1);
        if (rank < 0 || rank >= ranks) throw new ArgumentOutOfRangeException(nameof(rank), $"DistributedSampler: rank {rank} is not one of {ranks}.");
        Count = count;
        Rank = rank;
        Shuffle = shuffle;
        DropLast = dropLast;
        _generator = generator;
    }

    /// <summary>Samples in the dataset.</summary>
    public int Count { get; }

    /// <summary>This rank.</summary>
    public int Rank { get; }

    /// <summary>Whether each pass draws a new order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a short last batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Global batches per pass (the same on every rank).</summary>
    public int BatchCount => DropLast ? Count / _layout.BatchSize : (Count + _layout.BatchSize - 1) / _layout.BatchSize;

    /// <summary>One pass: this rank's shard of every global batch. Each call draws a new order when shuffling.</summary>
    public IEnumerable<ShardedBatch> Batches()
    {
        int[] order = Order();
        for (int b = 0; b < BatchCount; b++)
        {
            int start = b * _layout.BatchSize;
            int global = Math.Min(_layout.BatchSize, Count - start);
            var (offset, local) = _layout.Shard(global, Rank);
            yield return new ShardedBatch(order.AsSpan(start + offset, local).ToArray(), global);
        }
    }

    private int[] Order()
    {
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (!Shuffle) return order;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = _generator!.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
