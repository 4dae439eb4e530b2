namespace Autograd;

/// <summary>
/// A place where tensors live and ops run. The autograd engine and every op are written against this small
/// set of primitives, so the CPU device and the GPU devices are peers: adding a device means implementing
/// these methods, not touching an op.
/// </summary>
/// <remarks>
/// Every primitive writes into a preallocated output and receives views as <see cref="StridedBuffer"/>s that the
/// calling op has already checked (shapes agree, broadcast dimensions have stride 0). Kernels are generic
/// over struct ops (<see cref="Kernels.IUnaryOp"/>, …) so one kernel serves a whole family without virtual
/// calls per element.
/// </remarks>
public abstract class Device
{
    private long _liveBytes;
    private long _peakBytes;
    private long _allocations;
    private long _freshAllocations;

    /// <summary>PyTorch-style device name: <c>cpu</c>, <c>cuda:0</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Bytes held by live storages (like <c>torch.cuda.memory_allocated</c>).</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>The highest <see cref="LiveBytes"/> since the last <see cref="ResetPeak"/>.</summary>
    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    /// <summary>Starts a new peak measurement from the current live bytes.</summary>
    public void ResetPeak() => Interlocked.Exchange(ref _peakBytes, LiveBytes);

    /// <summary>Storages allocated on this device so far: every tensor buffer it handed out.</summary>
    public long Allocations => Interlocked.Read(ref _allocations);

    /// <summary>
    /// How many of the <see cref="Allocations"/> needed new memory (a new array, a driver allocation) because the
    /// device's cache of freed blocks had none of the size; the rest reused a freed block. Like the count of
    /// <c>cudaMalloc</c> calls in <c>torch.cuda.memory_stats</c>: a training step that repeats its shapes adds none
    /// once warmed up.
    /// </summary>
    public long FreshAllocations => Interlocked.Read(ref _freshAllocations);

    /// <summary>
    /// Records an allocation; implementations call it for every storage they create, with <paramref name="fresh"/>
    /// true when its memory did not come from the device's cache.
    /// </summary>
    protected void OnAllocated(long bytes, bool fresh)
    {
        Interlocked.Increment(ref _allocations);
        if (fresh) Interlocked.Increment(ref _freshAllocations);
        long live = Interlocked.Add(ref _liveBytes, bytes);
        long peak;
        while (live > (peak = Interlocked.Read(ref _peakBytes)) && Interlocked.CompareExchange(ref _peakBytes, live, peak) != peak)
        {
        }
    }

    /// <summary>Records a release; implementations call it when a storage is freed.</summary>
    protected void OnFreed(long bytes) => Interlocked.Add(ref _liveBytes, -bytes);

    /// <inheritdoc/>
    public override string ToString() => Name;

    // ---- memory and transfers ----

    /// <summary>Allocates an uninitialised storage of <paramref name="length"/> elements.</summary>
    public abstract Storage Allocate(DType dtype, int length);

    /// <summary>Copies host elements into <paramref name="dst"/> starting at element 0.</summary>
    public abstract void Upload<T>(ReadOnlySpan<T> src, Storage dst) where T : unmanaged;

    /// <summary>Copies the elements of a (possibly strided) view to the host, in row-major order. Synchronises.</summary>
    public abstract void Download<T>(in StridedBuffer src, Span<T> dst) where T : unmanaged;

    // ---- elementwise ----

    /// <summary>dst[i] = value for every element of the view.</summary>
    public abstract void Fill(in StridedBuffer dst, double value);

    /// <summary>dst[i] = (dst type) src[i]; shapes are equal, strides arbitrary, dtypes may differ (a cast).</summary>
    public abstract void Copy(in StridedBuffer src, in StridedBuffer dst);

    /// <summary>y[i] = op(x[i]) for a floating-point x and y of the same dtype.</summary>
    public abstract void Map<TOp>(TOp op, in StridedBuffer x, in StridedBuffer y) where TOp : struct, Kernels.IUnaryOp;

    /// <summary>y[i] = op(a[i], b[i]); a, b and y share a dtype and shape (broadcasting is expressed by stride 0).</summary>
    public abstract void Zip<TOp>(TOp op, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y) where TOp : struct, Kernels.IBinaryOp;

    /// <summary>y[i] = op(a[i], b[i]) as a Bool; a and b share a dtype.</summary>
    public abstract void Compare<TOp>(TOp op, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y) where TOp : struct, Kernels.ICompareOp;

    /// <summary>y[i] = cond[i] ? a[i] : b[i]; cond is Bool, a, b and y share a dtype.</summary>
    public abstract void Where(in StridedBuffer cond, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y);

    // ---- reductions ----

    /// <summary>
    /// Reduces the last <paramref name="reducedDims"/> dimensions of x: y[o] = fold(op, x[o, r…]).
    /// y's shape is x's shape without those dimensions.
    /// </summary>
    public abstract void Reduce<TOp>(TOp op, in StridedBuffer x, int reducedDims, in StridedBuffer y) where TOp : struct, Kernels.IReduceOp;

    /// <summary>Along the last dimension of x: values[o] = max (or min) of x[o, :], indices[o] = its first position.</summary>
    public abstract void ArgReduce(bool max, in StridedBuffer x, in StridedBuffer values, in StridedBuffer indices);

    /// <summary>Softmax (or log-softmax) along the last dimension of a contiguous x, computed in one stable pass per row.</summary>
    public abstract void Softmax(in StridedBuffer x, in StridedBuffer y, bool log);

    // ---- linear algebra ----

    /// <summary>
    /// Batched matrix product c[b] = a[b] · b[b] for a [..., M, K], b [..., K, N] and a contiguous c [..., M, N].
    /// All three have the same number of batch dimensions; a broadcast batch dimension has stride 0.
    /// </summary>
    public abstract void MatMul(in StridedBuffer a, in StridedBuffer b, in StridedBuffer c);

    // ---- indexing ----

    /// <summary>y[…, i, …] = x[…, index[i], …] along <paramref name="dim"/>; y contiguous.</summary>
    public abstract void IndexSelect(in StridedBuffer x, int dim, in StridedBuffer index, in StridedBuffer y);

    /// <summary>y[…, index[i], …] += src[…, i, …] along <paramref name="dim"/>.</summary>
    public abstract void IndexAdd(in StridedBuffer y, int dim, in StridedBuffer index, in StridedBuffer src);

    /// <summary>y[i][j][k] = x[i][index[i][j][k]][k] for dim 1 (and likewise for any dim); index and y have one shape.</summary>
    public abstract void Gather(in StridedBuffer x, int dim, in StridedBuffer index, in StridedBuffer y);

    /// <summary>y[i][index[i][j][k]][k] += src[i][j][k] for dim 1 (and likewise for any dim).</summary>
    public abstract void ScatterAdd(in StridedBuffer y, int dim, in StridedBuffer index, in StridedBuffer src);

    // ---- random numbers ----

    /// <summary>Fills a contiguous floating-point dst from the counter-based generator stream starting at <paramref name="counter"/>.</summary>
    public abstract void FillRandom(in StridedBuffer dst, RandomDistribution distribution, ulong seed, ulong counter, double a, double b);
}
