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

    // The parallel and strided drivers are separate methods because their lambdas capture parameters: in Run itself the
    // compiler would allocate the closure on entry, on every call, even when the flat single-threaded path is taken.
    private static void FlatParallel<TK>(TK kernel, int n, int off0, int f0, int off1, int f1, int off2, int f2, int off3, int f3)
        where TK : struct, IRowKernel =>
        CpuDevice.For(n, 1, (s, e) => kernel.Row(e - s, off0 + s * f0, f0, off1 + s * f1, f1, off2 + s * f2, f2, off3 + s * f3, f3));

    private static void RunStrided<TK>(TK kernel, int[] shape, int operands, int[] st0, int off0, int[] st1, int off1, int[]? st2, int off2, int[]? st3, int off3)
        where TK : struct, IRowKernel
    {
        var strides = new int[4][];
        strides[0] = st0;
        strides[1] = st1;
        strides[2] = st2 ?? st0;
        strides[3] = st3 ?? st0;
        var (dims, merged) = Coalesce(shape, strides, operands);
        int rank = dims.Length;
        if (rank == 0)
        {
            kernel.Row(1, off0, 0, off1, 0, off2, 0, off3, 0);
            return;
        }
        int inner = dims[rank - 1];
        int rows = Shape.Numel(dims.AsSpan(0, rank - 1));
        var m0 = merged[0];
        var m1 = merged[1];
        var m2 = merged[2];
        var m3 = merged[3];
        CpuDevice.For(rows, inner, (start, end) =>
        {
            var k = kernel;
            for (int r = start; r < end; r++)
            {
                int o0 = off0, o1 = off1, o2 = off2, o3 = off3, rem = r;
                for (int d = rank - 2; d >= 0; d--)
                {
                    int i = rem % dims[d];
                    rem /= dims[d];
                    o0 += i * m0[d];
                    o1 += i * m1[d];
                    o2 += i * m2[d];
                    o3 += i * m3[d];
                }
                k.Row(inner, o0, m0[rank - 1], o1, m1[rank - 1], o2, m2[rank - 1], o3, m3[rank - 1]);
            }
        });
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

    private static (int[] Dims, int[][] Strides) Coalesce(int[] shape, int[][] strides, int operands)
    {
        var dims = new List<int>(shape.Length);
        var merged = new List<int>[4] { new(), new(), new(), new() };
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            int last = dims.Count - 1;
            bool canMerge = last >= 0;
            for (int k = 0; k < operands && canMerge; k++)
                canMerge = merged[k][last] == strides[k][d] * shape[d];
            if (canMerge)
            {
                dims[last] *= shape[d];
                for (int k = 0; k < 4; k++) merged[k][last] = strides[k][d];
            }
            else
            {
                dims.Add(shape[d]);
                for (int k = 0; k < 4; k++) merged[k].Add(strides[k][d]);
            }
        }
        if (dims.Count == 0 && Shape.Numel(shape) == 1)
        {
            dims.Add(1);
            for (int k = 0; k < 4; k++) merged[k].Add(0);
        }
        return (dims.ToArray(), [merged[0].ToArray(), merged[1].ToArray(), merged[2].ToArray(), merged[3].ToArray()]);
    }
}
