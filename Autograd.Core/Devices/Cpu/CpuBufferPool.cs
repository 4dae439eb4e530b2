namespace Autograd;

/// <summary>
/// Reuses freed arrays by power-of-two size bucket, so a steady-state training step allocates (almost) nothing
/// and large tensors skip the cost of fresh, zeroed memory. Small arrays are not pooled: the GC is faster there.
/// </summary>
/// <remarks>
/// The pool only recycles memory; the device's live/peak byte counts are computed from the storages' exact lengths,
/// never from the (rounded-up) array lengths, so pooling does not change them.
/// </remarks>
internal sealed class CpuBufferPool
{
    private const int MinPooledLength = 1024;
    private const int MaxPerBucket = 16;

    // A plain lock per bucket: it is held for a push or a pop only, and unlike ConcurrentBag.Count, Stack.Count is free.
    private readonly Stack<Array>[,] _buckets = new Stack<Array>[4, 32];

    public CpuBufferPool()
    {
        for (int t = 0; t < 4; t++)
            for (int b = 0; b < 32; b++) _buckets[t, b] = new Stack<Array>();
    }

    public Array Rent(DType dtype, int length)
    {
        if (length < MinPooledLength) return Create(dtype, length);
        int bucket = Bucket(length);
        var stack = _buckets[(int)dtype, bucket];
        lock (stack)
        {
            if (stack.TryPop(out var array)) return array;
        }
        return Create(dtype, 1 << bucket);
    }

    public void Return(DType dtype, Array array)
    {
        if (array.Length < MinPooledLength || (array.Length & (array.Length - 1)) != 0) return;
        var stack = _buckets[(int)dtype, Bucket(array.Length)];
        lock (stack)
        {
            if (stack.Count < MaxPerBucket) stack.Push(array);
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
