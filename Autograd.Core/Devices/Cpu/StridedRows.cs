namespace Autograd;

/// <summary>A kernel body for one innermost row of up to four strided operands: n elements, offset and stride each.</summary>
internal interface IRowKernel
{
    void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3);

    /// <summary>Elements below which a flat run stays on one thread (vectorised bodies are cheap per element, so they split later).</summary>
    int ParallelThreshold { get; }
}

/// <summary>
/// Drives an <see cref="IRowKernel"/> over every innermost row of operands that share a shape but not strides.
/// Dimensions that are laid out consecutively in every operand are merged first, so a contiguous or a simply
/// broadcast tensor becomes one long row.
/// </summary>
internal static class StridedRows
{
    public static void Run<TK>(TK kernel, int[] shape, int[] st0, int off0, int[] st1, int off1, int[]? st2 = null, int off2 = 0, int[]? st3 = null, int off3 = 0)
        where TK : struct, IRowKernel
    {
        int operands = st3 is not null ? 4 : st2 is not null ? 3 : 2;
        if (TryFlat(shape, st0, st1, st2, st3, out int n, out int f0, out int f1, out int f2, out int f3))
        {
            // The common case — dense operands, or a broadcast scalar — is one flat row: no bookkeeping at all.
            if (n < kernel.ParallelThreshold) kernel.Row(n, off0, f0, off1, f1, off2, f2, off3, f3);
            else FlatParallel(kernel, n, off0, f0, off1, f1, off2, f2, off3, f3);
            return;
        }
        RunStrided(kernel, shape, operands, st0, off0, st1, off1, st2, off2, st3, off3);
    }

    /// <summary>
    /// Elements per kernel call on a flat row of at most <see cref="CachedRowLimit"/> elements. For a destination
    /// above 256 KB <c>TensorPrimitives</c> switches to non-temporal stores, which bypass the cache. A result that fits
    /// in the cache is usually read again at once by the next op, so there it should stay: blocks of 16K elements keep
    /// every call below that size (a 1M-float add on the 2-core Zen 4 went from ~160 to ~90 µs, a multiply by a scalar
    /// from ~160 to ~57 µs). A larger result goes to memory anyway, and non-temporal stores save the read of each
    /// destination line before it is written (a 16M-float add took 4.3 ms with them and 6.2–7.1 ms without).
    /// </summary>
    internal const int CachedBlock = 1 << 14;

    /// <summary>The largest flat row whose result is kept in the cache (8 MB of floats, a quarter of the L3 of the machines measured).</summary>
    internal const int CachedRowLimit = 1 << 21;

    private static void FlatParallel<TK>(TK kernel, int n, int off0, int f0, int off1, int f1, int off2, int f2, int off3, int f3)
        where TK : struct, IRowKernel =>
        CpuDevice.For(n, 1, new FlatRange<TK>(kernel, n <= CachedRowLimit ? CachedBlock : n, off0, f0, off1, f1, off2, f2, off3, f3));

    /// <summary>A chunk [start, end) of one flat row, in blocks of <c>block</c> elements: each operand starts start·stride further in.</summary>
    private readonly struct FlatRange<TK>(TK kernel, int block, int off0, int f0, int off1, int f1, int off2, int f2, int off3, int f3) : CpuDevice.IRangeBody
        where TK : struct, IRowKernel
    {
        public void Run(int s, int e)
        {
            // Stepping by the length run (never past e) keeps b from overflowing when block is the whole row.
            for (int b = s, length; b < e; b += length)
            {
                length = Math.Min(block, e - b);
                kernel.Row(length, off0 + b * f0, f0, off1 + b * f1, f1, off2 + b * f2, f2, off3 + b * f3, f3);
            }
        }
    }

    private static void RunStrided<TK>(TK kernel, int[] shape, int operands, int[] st0, int off0, int[] st1, int off1, int[]? st2, int off2, int[]? st3, int off3)
        where TK : struct, IRowKernel
    {
        // One buffer holds the coalesced sizes and then each operand's coalesced strides, `width` entries apiece.
        int width = Math.Max(shape.Length, 1);
        var plan = new int[5 * width];
        int rank = Coalesce(shape, operands, st0, st1, st2 ?? st0, st3 ?? st0, plan, width);
        if (rank == 0)
        {
            kernel.Row(1, off0, 0, off1, 0, off2, 0, off3, 0);
            return;
        }
        int inner = plan[rank - 1];
        int rows = Shape.Numel(plan.AsSpan(0, rank - 1));
        CpuDevice.For(rows, inner, new StridedRange<TK>(kernel, plan, width, rank, off0, off1, off2, off3));
    }

    /// <summary>Rows [start, end) of a coalesced strided layout: each row's operand offsets, then the kernel along it.</summary>
    private readonly struct StridedRange<TK>(TK kernel, int[] plan, int width, int rank, int off0, int off1, int off2, int off3) : CpuDevice.IRangeBody
        where TK : struct, IRowKernel
    {
        public void Run(int start, int end)
        {
            var k = kernel;
            int inner = plan[rank - 1], last = rank - 1, w1 = width, w2 = 2 * width, w3 = 3 * width, w4 = 4 * width;
            for (int r = start; r < end; r++)
            {
                int o0 = off0, o1 = off1, o2 = off2, o3 = off3, rem = r;
                for (int d = rank - 2; d >= 0; d--)
                {
                    int i = rem % plan[d];
                    rem /= plan[d];
                    o0 += i * plan[w1 + d];
                    o1 += i * plan[w2 + d];
                    o2 += i * plan[w3 + d];
                    o3 += i * plan[w4 + d];
                }
                k.Row(inner, o0, plan[w1 + last], o1, plan[w2 + last], o2, plan[w3 + last], o3, plan[w4 + last]);
            }
        }
    }

    /// <summary>True when every operand is either dense row-major (flat stride 1) or a broadcast scalar (stride 0).</summary>
    private static bool TryFlat(int[] shape, int[] st0, int[] st1, int[]? st2, int[]? st3, out int n, out int f0, out int f1, out int f2, out int f3)
    {
        n = Shape.Numel(shape);
        f2 = f3 = 0;
        bool ok = Flat(shape, st0, out f0) & Flat(shape, st1, out f1);
        if (st2 is not null) ok &= Flat(shape, st2, out f2);
        if (st3 is not null) ok &= Flat(shape, st3, out f3);
        return ok;
    }

    private static bool Flat(int[] shape, int[] strides, out int step)
    {
        step = 1;
        if (Shape.IsContiguous(shape, strides)) return true;
        step = 0;
        foreach (int s in strides)
            if (s != 0) return false;
        return true;
    }

    /// <summary>
    /// Drops size-1 dimensions and merges neighbours that are consecutive in every operand, writing the sizes to
    /// plan[0..rank) and operand k's strides to plan[(k+1)·width ..]; returns the merged rank.
    /// </summary>
    private static int Coalesce(int[] shape, int operands, int[] st0, int[] st1, int[] st2, int[] st3, int[] plan, int width)
    {
        int rank = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            bool canMerge = rank > 0;
            for (int k = 0; k < operands && canMerge; k++)
                canMerge = plan[(k + 1) * width + rank - 1] == Stride(k, st0, st1, st2, st3)[d] * shape[d];
            int at = canMerge ? rank - 1 : rank++;
            plan[at] = canMerge ? plan[at] * shape[d] : shape[d];
            for (int k = 0; k < 4; k++) plan[(k + 1) * width + at] = Stride(k, st0, st1, st2, st3)[d];
        }
        if (rank == 0 && Shape.Numel(shape) == 1)
        {
            plan[0] = 1;
            for (int k = 0; k < 4; k++) plan[(k + 1) * width] = 0;
            rank = 1;
        }
        return rank;
    }

    private static int[] Stride(int k, int[] st0, int[] st1, int[] st2, int[] st3) => k switch { 0 => st0, 1 => st1, 2 => st2, _ => st3 };
}
