namespace Autograd.Nn.Distributed;

/// <summary>
/// A process group whose ranks are threads of one process: collectives meet at a shared barrier and exchange values
/// through shared memory. It runs the distributed training code without MPI (tests, several devices in one process),
/// and its sums are deterministic: every rank adds the ranks' values in rank order, so every rank gets bit-identical results.
/// </summary>
/// <example><code>
/// var ranks = InProcessGroup.Create(4);
/// Parallel.For(0, 4, r => ranks[r].RunOrAbort(() => Train(ranks[r])));
/// </code></example>
public sealed class InProcessGroup : IProcessGroup
{
    private readonly World _world;

    private InProcessGroup(World world, int rank)
    {
        _world = world;
        Rank = rank;
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size => _world.Size;

    /// <summary>Creates the <paramref name="size"/> ranks of one group; hand element r to the thread that runs rank r.</summary>
    /// <param name="size">The number of ranks (≥ 1).</param>
    /// <param name="timeout">How long a collective waits for the other ranks before it aborts the group (default: 5 minutes).</param>
    public static InProcessGroup[] Create(int size, TimeSpan? timeout = null)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), $"InProcessGroup: a group needs at least one rank, got {size}.");
        var world = new World(size, timeout ?? TimeSpan.FromMinutes(5));
        return Enumerable.Range(0, size).Select(rank => new InProcessGroup(world, rank)).ToArray();
    }

    /// <inheritdoc/>
    public void AllReduceSum(Span<double> values) => Reduce(values, "AllReduceSum");

    /// <inheritdoc/>
    public void AllReduceSum(Span<float> values) => Reduce(values, "AllReduceSum");

    /// <inheritdoc/>
    public void Broadcast(Span<double> values, int root = 0) => Broadcast<double>(values, root);

    /// <inheritdoc/>
    public void Broadcast(Span<float> values, int root = 0) => Broadcast<float>(values, root);

    /// <inheritdoc/>
    public void Barrier() => _world.Meet();

    /// <inheritdoc/>
    public void Abort(string reason) => _world.Abort(reason);

    private void Reduce<T>(Span<T> values, string name) where T : unmanaged, System.Numerics.IAdditionOperators<T, T, T>
    {
        _world.Slots[Rank] = values.ToArray();
        _world.Meet();
        var all = Contributions<T>(values.Length, name);
        for (int i = 0; i < values.Length; i++)
        {
            T sum = all[0][i];
            for (int r = 1; r < all.Length; r++) sum += all[r][i];
            values[i] = sum;
        }
        // Nobody may overwrite a slot for the next collective until every rank has read this one.
        _world.Meet();
    }

    private void Broadcast<T>(Span<T> values, int root) where T : unmanaged
    {
        if (root < 0 || root >= Size) throw new ArgumentOutOfRangeException(nameof(root), $"Broadcast: root {root} is not a rank of a group of {Size}.");
        _world.Slots[Rank] = Rank == root ? values.ToArray() : new T[values.Length];
        _world.Meet();
        var all = Contributions<T>(values.Length, "Broadcast");
        all[root].CopyTo(values);
        _world.Meet();
    }

    private T[][] Contributions<T>(int length, string name)
    {
        var all = new T[Size][];
        for (int r = 0; r < Size; r++)
        {
            if (_world.Slots[r] is not T[] values || values.Length != length)
                throw new InvalidOperationException($"{name}: rank {Rank} passed {length} {typeof(T).Name} values but rank {r} passed " +
                    $"{(_world.Slots[r] is Array other ? $"{other.Length} {other.GetType().GetElementType()!.Name}" : "nothing")}; every rank must call the same collectives with the same lengths.");
            all[r] = values;
        }
        return all;
    }

    private sealed class World(int size, TimeSpan timeout)
    {
        private readonly Barrier _barrier = new(size);
        private readonly CancellationTokenSource _aborted = new();
        private string? _reason;

        public int Size { get; } = size;

        public object?[] Slots { get; } = new object?[size];

        public void Meet()
        {
            try
            {
                if (!_barrier.SignalAndWait(timeout, _aborted.Token))
                    Abort($"a collective waited more than {timeout.TotalSeconds:0.#} s for the other ranks");
            }
            catch (OperationCanceledException)
            {
            }
            if (_aborted.IsCancellationRequested)
                throw new ProcessGroupAbortedException($"The process group was aborted: {_reason}.");
        }

        public void Abort(string reason)
        {
            Interlocked.CompareExchange(ref _reason, reason, null);
            _aborted.Cancel();
        }
    }
}
