using System.Numerics;

namespace Autograd.Nn.Distributed;

/// <summary>
/// Sums every parameter's gradient across the ranks of a process group, a few large collectives per step instead of
/// one per parameter: gradients are copied into flat host buckets (one dtype each, up to a size cap, in parameter
/// order, like PyTorch DDP's 25 MiB buckets), each bucket is all-reduced once, and the sums are copied back.
/// </summary>
/// <remarks>
/// <para>Each bucket carries one extra element per parameter: 1 when this rank has a gradient for it, else 0. A
/// parameter without a gradient contributes zeros; after the sum it gets a gradient if any rank had one and keeps
/// <c>Grad == null</c> only if no rank did, so optimizers skip exactly the parameters a single process would skip.</para>
/// <para>The sum is the full-batch gradient only if each rank's loss was scaled by its share of the global batch
/// (see <see cref="DistributedDataParallel"/>); the reducer itself does not divide by the world size.</para>
/// <para>Call it outside any <see cref="TensorScope"/>: a gradient it creates belongs to the parameter.</para>
/// </remarks>
public sealed class GradientReducer
{
    /// <summary>PyTorch DDP's default bucket size, 25 MiB.</summary>
    public const int DefaultBucketCapBytes = 25 << 20;

    private readonly Bucket[] _buckets;

    /// <param name="group">The ranks whose gradients are summed.</param>
    /// <param name="parameters">Float32 or Float64 parameters, in the same order on every rank.</param>
    /// <param name="bucketCapBytes">The largest bucket (a single larger parameter gets a bucket of its own).</param>
    /// <exception cref="ArgumentException">A parameter is neither Float32 nor Float64, or the cap is not positive.</exception>
    public GradientReducer(IProcessGroup group, IEnumerable<Tensor> parameters, int bucketCapBytes = DefaultBucketCapBytes)
    {
        if (bucketCapBytes <= 0) throw new ArgumentOutOfRangeException(nameof(bucketCapBytes), $"GradientReducer: the bucket cap must be positive, got {bucketCapBytes} bytes.");
        Group = group;
        var buckets = new List<Bucket>();
        foreach (var byType in parameters.Select((p, i) => (p, i)).GroupBy(e => e.p.DType))
        {
            int size = byType.Key switch
            {
                DType.Float64 => sizeof(double),
                DType.Float32 => sizeof(float),
                _ => throw new ArgumentException($"GradientReducer: parameter {byType.First().i} is {byType.Key}; only Float32 and Float64 gradients can be all-reduced.", nameof(parameters)),
            };
            var current = new List<Tensor>();
            long bytes = 0;
            foreach (var (p, _) in byType)
            {
                long added = (long)(p.Numel + 1) * size;
                if (current.Count > 0 && bytes + added > bucketCapBytes)
                {
                    buckets.Add(NewBucket(byType.Key, current));
                    current = [];
                    bytes = 0;
                }
                current.Add(p);
                bytes += added;
            }
            if (current.Count > 0) buckets.Add(NewBucket(byType.Key, current));
        }
        _buckets = [.. buckets];
    }

    /// <summary>The ranks the gradients are summed over.</summary>
    public IProcessGroup Group { get; }

    /// <summary>How many all-reduce calls <see cref="AllReduceGradients"/> makes.</summary>
    public int BucketCount => _buckets.Length;

    /// <summary>Bytes each rank all-reduces per step: every parameter element (and one flag per parameter) times its element size.</summary>
    public long BytesPerStep => _buckets.Sum(b => b.Bytes);

    /// <summary>Replaces every parameter's gradient by its sum over the ranks (see the remarks for missing gradients).</summary>
    public void AllReduceGradients()
    {
        using var noGrad = Tensor.NoGrad();
        foreach (var bucket in _buckets) bucket.AllReduce(Group);
    }

    private static Bucket NewBucket(DType dtype, List<Tensor> parameters) => dtype == DType.Float64
        ? new Bucket<double>(parameters, (g, v) => g.AllReduceSum(v), Tensor.From)
        : new Bucket<float>(parameters, (g, v) => g.AllReduceSum(v), Tensor.From);

    private abstract class Bucket
    {
        public abstract long Bytes { get; }

        public abstract void AllReduce(IProcessGroup group);
    }

    private sealed class Bucket<T>(IReadOnlyList<Tensor> parameters, Action<IProcessGroup, T[]> allReduce, Func<T[], int[], Tensor> fromHost)
        : Bucket where T : unmanaged, INumberBase<T>
    {
        // Layout: every parameter's gradient, in order, then one presence flag per parameter.
        private readonly T[] _flat = new T[parameters.Sum(p => p.Numel) + parameters.Count];

        public override long Bytes => (long)_flat.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

        public override void AllReduce(IProcessGroup group)
        {
            int flags = _flat.Length - parameters.Count;
            int offset = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                var slice = _flat.AsSpan(offset, p.Numel);
                if (p.Grad is { } grad) grad.ToArray<T>().CopyTo(slice);
                else slice.Clear();
                _flat[flags + i] = p.Grad is null ? T.Zero : T.One;
                offset += p.Numel;
            }
            allReduce(group, _flat);
            offset = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                if (_flat[flags + i] != T.Zero) SetGradient(p, _flat.AsSpan(offset, p.Numel).ToArray());
                offset += p.Numel;
            }
        }

        private void SetGradient(Tensor parameter, T[] values)
        {
            var host = fromHost(values, [.. parameter.Shape]);
            var sum = ReferenceEquals(host.Device, parameter.Device) ? host : MoveAndDispose(host, parameter.Device);
            if (parameter.Grad is { } grad)
            {
                using (sum) grad.CopyFrom(sum);
                return;
            }
            parameter.Grad = sum;
        }

        private static Tensor MoveAndDispose(Tensor host, Device device)
        {
            using (host) return host.To(device);
        }
    }
}
