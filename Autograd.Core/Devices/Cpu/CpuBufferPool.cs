namespace Autograd;

/// <summary>
/// Reuses freed arrays by power-of-two size bucket, so a steady-state training step allocates (almost) nothing
/// and large tensors skip the cost of fresh, zeroed memory. Small arrays are pooled too: a training step creates
/// hundreds of small tensors (biases, their gradients, scalars), and each fresh one would be a managed allocation.
/// </summary>
/// <remarks>
/// The pool only recycles memory; the device's live/peak byte counts are computed from the storages' exact lengths,
/// never from the (rounded-up) array lengths, so pooling does not change them.
/// </remarks>
internal sealed class CpuBufferPool
{
    private const int MinPerBucket = 16;
    private const int MaxPerBucket = 256;

    // Many small tensors are alive at once (a step's scalars and biases all return when its scope ends), so small
    // buckets keep more arrays; every bucket keeps at most about this many bytes beyond its first 16 arrays.
    private const long BytesPerBucket = 1 << 20;

    // A plain lock per bucket: it is held for a push or a pop only, and unlike ConcurrentBag.Count, Stack.Count is free.
    private readonly Stack<Array>[,] _buckets = new Stack<Array>[4, 32];

    public CpuBufferPool()
    {
        for (int t = 0; t < 4; t++)
            for (int b = 0; b < 32; b++) _buckets[t, b] = new Stack<Array>();
    }

    /// <summary>An array of at least <paramref name="length"/> elements; <paramref name="fresh"/> tells whether it is new rather than reused.</summary>
    public Array Rent(DType dtype, int length, out bool fresh)
    {
        fresh = false;
        if (length == 0) return Create(dtype, 0);
        int bucket = Bucket(length);
        var stack = _buckets[(int)dtype, bucket];
        lock (stack)
        {
            if (stack.TryPop(out var array)) return array;
        }
        fresh = true;
        return Create(dtype, 1 << bucket);
    }

    public void Return(DType dtype, Array array)
    {
        if (array.Length == 0 || (array.Length & (array.Length - 1)) != 0) return;
        var stack = _buckets[(int)dtype, Bucket(array.Length)];
        int capacity = (int)Math.Clamp(BytesPerBucket / ((long)array.Length * dtype.SizeOf()), MinPerBucket, MaxPerBucket);
        lock (stack)
        {
            if (stack.Count < capacity) stack.Push(array);
        }
    }

    private static int Bucket(int length) => 32 - int.LeadingZeroCount(length - 1);

    private static Array Create(DType dtype, int length) => dtype switch
    {
        DType.Float32 => GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => GC.AllocateUninitializedArray<double>(length),
        DType.Int32 => GC.AllocateUninitializedArray<int>(length),
        _ => new bool[length],
    };
}
