using System.Runtime.CompilerServices;
using Autograd.Kernels;

namespace Autograd;

/// <summary>
/// The CPU device and the reference implementation of every primitive: plain C# loops, vectorised where the
/// layout allows and split across cores above <see cref="ParallelThreshold"/> elements.
/// </summary>
public sealed partial class CpuDevice : Device
{
    /// <summary>Below this many elements a kernel runs on one thread: starting tasks would cost more than it saves.</summary>
    internal const int ParallelThreshold = 1 << 15;

    private readonly CpuBufferPool _pool = new();

    private CpuDevice(string name)
    {
        Name = name;
    }

    /// <summary>The process-wide CPU device.</summary>
    public static CpuDevice Instance { get; } = new("cpu");

    /// <summary>
    /// Another CPU device with its own memory accounting (<c>cpu:1</c>, …): a peer that is not <see cref="Instance"/>,
    /// so data-parallel code and tests can treat several CPU "devices" like several accelerators.
    /// </summary>
    public static CpuDevice Create(int index) => index == 0 ? Instance : new($"cpu:{index}");

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override Storage Allocate(DType dtype, int length)
    {
        var storage = new CpuStorage(this, dtype, _pool.Rent(dtype, length, out bool fresh), length);
        OnAllocated(storage.Bytes, fresh);
        return storage;
    }

    internal void Return(CpuStorage storage, Array data)
    {
        OnFreed(storage.Bytes);
        _pool.Return(storage.DType, data);
    }

    /// <inheritdoc/>
    public override void Upload<T>(ReadOnlySpan<T> src, Storage dst) => src.CopyTo(Cpu(dst).Span<T>());

    /// <inheritdoc/>
    public override void Download<T>(in StridedBuffer src, Span<T> dst)
    {
        var s = Cpu(src.Storage).Span<T>();
        if (src.IsContiguous)
        {
            s.Slice(src.Offset, src.Count).CopyTo(dst);
            return;
        }
        int i = 0;
        foreach (int offset in Offsets(src.Shape, src.Strides, src.Offset)) dst[i++] = s[offset];
    }

    internal static CpuStorage Cpu(Storage storage) => storage as CpuStorage
        ?? throw new InvalidOperationException($"A {storage.Device.Name} tensor reached the CPU device; move it with To(device) first.");

    /// <summary>Every element offset of a strided view in row-major order (used by the slow, rarely taken paths).</summary>
    internal static IEnumerable<int> Offsets(int[] shape, int[] strides, int offset)
    {
        int n = Shape.Numel(shape), rank = shape.Length;
        var index = new int[rank];
        int current = offset;
        for (int i = 0; i < n; i++)
        {
            yield return current;
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    current += strides[d];
                    break;
                }
                current -= strides[d] * (shape[d] - 1);
                index[d] = 0;
            }
        }
    }

    /// <summary>
    /// The offset after <paramref name="current"/> in the row-major walk of a strided view, <paramref name="index"/> being
    /// the walk's position (all zeros at the start): <see cref="Offsets"/> without an enumerator, for per-row loops.
    /// </summary>
    internal static int NextOffset(int current, Span<int> index, int[] shape, int[] strides)
    {
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (++index[d] < shape[d]) return current + strides[d];
            current -= strides[d] * (shape[d] - 1);
            index[d] = 0;
        }
        return current;
    }

    /// <summary>Runs body(start, end) over [0, n) in chunks, in parallel when the work is large enough.</summary>
    internal static void For(int n, int costPerItem, Action<int, int> body) => For(n, costPerItem, new DelegateRange(body));

    /// <summary>
    /// <see cref="For(int, int, Action{int, int})"/> for a body that is a struct: the hot kernels pass their state in one,
    /// so a parallel call allocates only its job, not a closure and a delegate as well.
    /// </summary>
    internal static void For<TBody>(int n, int costPerItem, TBody body) where TBody : struct, IRangeBody
    {
        long work = (long)n * Math.Max(costPerItem, 1);
        int workers = Environment.ProcessorCount;
        if (work < ParallelThreshold || workers == 1 || n < 2)
        {
            body.Run(0, n);
            return;
        }
        new ForJob<TBody>(n, Math.Min(n, workers * 4), body).Run(workers - 1);
    }

    /// <summary>Work over a range of indices, run by <see cref="For{TBody}"/> in chunks.</summary>
    internal interface IRangeBody
    {
        void Run(int start, int end);
    }

    private readonly struct DelegateRange(Action<int, int> body) : IRangeBody
    {
        public void Run(int start, int end) => body(start, end);
    }

    /// <summary>
    /// One fork/join over a fixed partition of [0, n) into chunks. The calling thread and up to <c>helpers</c> pool
    /// threads take chunks from an atomic counter until none is left, then the caller waits for the chunks still
    /// running. It costs one small object per call where Parallel.For costs about 2 KB and a few microseconds, which
    /// matters for kernels that take only tens of microseconds. Results never depend on which thread ran a chunk, so
    /// they are bit-identical from run to run.
    /// </summary>
    private sealed class ForJob<TBody>(int n, int chunks, TBody body) : IThreadPoolWorkItem where TBody : struct, IRangeBody
    {
        private readonly int _chunks = chunks;
        private int _next = -1;
        private int _unfinished = chunks;
        private Exception? _error;

        public void Run(int helpers)
        {
            for (int i = 0; i < helpers; i++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            Execute();
            var spin = new SpinWait();
            while (Volatile.Read(ref _unfinished) > 0 && !spin.NextSpinWillYield) spin.SpinOnce();
            lock (this)
            {
                while (Volatile.Read(ref _unfinished) > 0) Monitor.Wait(this);
            }
            if (_error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
        }

        /// <summary>Runs chunks until none is left (also the pool threads' entry point).</summary>
        public void Execute()
        {
            int c;
            while ((c = Interlocked.Increment(ref _next)) < _chunks)
            {
                try
                {
                    body.Run((int)((long)n * c / _chunks), (int)((long)n * (c + 1) / _chunks));
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, e, null);
                }
                finally
                {
                    if (Interlocked.Decrement(ref _unfinished) == 0)
                    {
                        lock (this) Monitor.PulseAll(this);
                    }
                }
            }
        }
    }

    /// <summary>
    /// a + b in the element type itself, as PyTorch adds: floats round once in their own precision, Int32 wraps
    /// around on overflow, and Bool adds as logical or.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T Plus<T>(T a, T b)
    {
        if (typeof(T) == typeof(float)) return (T)(object)((float)(object)a! + (float)(object)b!);
        if (typeof(T) == typeof(double)) return (T)(object)((double)(object)a! + (double)(object)b!);
        if (typeof(T) == typeof(int)) return (T)(object)unchecked((int)(object)a! + (int)(object)b!);
        return (T)(object)((bool)(object)a! | (bool)(object)b!);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T FromDouble<T>(double v)
    {
        if (typeof(T) == typeof(float)) return (T)(object)(float)v;
        if (typeof(T) == typeof(double)) return (T)(object)v;
        if (typeof(T) == typeof(int)) return (T)(object)(int)v;
        return (T)(object)(v != 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ToDouble<T>(T v)
    {
        if (typeof(T) == typeof(float)) return (float)(object)v!;
        if (typeof(T) == typeof(double)) return (double)(object)v!;
        if (typeof(T) == typeof(int)) return (int)(object)v!;
        return (bool)(object)v! ? 1 : 0;
    }
}
