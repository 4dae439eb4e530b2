using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Autograd;

/// <summary>
/// General matrix multiply C = A·B (C row-major, A and B with arbitrary strides) in the BLIS style:
/// B is packed into KC×NR column slivers and A into MR×KC row slivers, both contiguous in the order the
/// micro-kernel reads them; the micro-kernel keeps an MR×NR block of C in vector registers and performs one
/// fused multiply-add per register per k. Packing is what makes transposed or strided operands free: they are
/// read once, in whatever layout, into the packed buffers.
/// </summary>
internal static partial class Gemm
{
    private const int MR = 8;
    private const int KC = 256;
    private const int MC = 128;

    /// <summary>Column panels packed at once: 128 panels of KC = 256 rows are 4 MB for either float type.</summary>
    private const int NCPanels = 128;

    /// <summary>Columns per micro-tile: two vectors of the widest accelerated width.</summary>
    private static int NR<T>() where T : unmanaged =>
        Vector512.IsHardwareAccelerated ? 2 * Vector512<T>.Count : 2 * Vector256<T>.Count;

    /// <summary>C[m, n] = Σk A[m, k]·B[k, n], with A element (i, k) at a[aOff + i·ars + k·acs], likewise for B; C dense.</summary>
    public static void Multiply<T>(int m, int n, int k, T[] a, int aOff, int ars, int acs, T[] b, int bOff, int brs, int bcs, T[] c, int cOff)
        where T : unmanaged, INumber<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            c.AsSpan(cOff, m * n).Clear();
            return;
        }
        int nr = NR<T>();
        // A narrow C (a product with 10 classes) would fill a tile of NR columns with a few: computing Cᵀ = Bᵀ·Aᵀ
        // instead pads those few columns only to MR rows. Each element is the same sum in the same order either way.
        var p = (long)RoundUp(n, MR) * RoundUp(m, nr) * 5 < (long)RoundUp(m, MR) * RoundUp(n, nr) * 4
            ? new Product<T>(n, m, k, b, bOff, bcs, brs, a, aOff, acs, ars, c, cOff, 1, n)
            : new Product<T>(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, n, 1);
        int nPanels = (p.N + nr - 1) / nr;
        int workers = Environment.ProcessorCount;
        // Below about 2 MFLOP, waking a second core costs more than it saves (a 96³ product takes ~10 µs on one).
        if (workers == 1 || (long)m * n * k < 1 << 20) Range(p, 0, p.M, 0, nPanels);
        else MultiplyParallel(p, nPanels, workers);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static void MultiplyParallel<T>(Product<T> p, int nPanels, int workers) where T : unmanaged, INumber<T>
    {
        // One task per core, each with its own packed buffers, so there is a single fork and join per product and no
        // barrier between the KC steps. The dimension that is split is the larger one: each task then also packs the
        // whole of the other operand, which is the smaller cost (a wide, short product splits its columns and every
        // task packs the few rows of A; a tall one splits its rows and every task packs B).
        bool splitRows = p.M >= p.N;
        int units = splitRows ? (p.M + MR - 1) / MR : nPanels;
        int parts = Math.Min(workers, units);
        // The cost per part is stated as the threshold itself: the size check above already decided to split.
        CpuDevice.For(parts, CpuDevice.ParallelThreshold, new Parts<T>(p, nPanels, splitRows, units, parts));
    }

    /// <summary>
    /// The operands of one product C[m, n] = A[m, k]·B[k, n], as <see cref="Multiply{T}"/> takes them, with C element
    /// (i, j) at c[cOff + i·crs + j·ccs] (ccs is 1 except for the transposed narrow product).
    /// </summary>
    private readonly record struct Product<T>(int M, int N, int K, T[] A, int AOff, int Ars, int Acs, T[] B, int BOff, int Brs, int Bcs, T[] C, int COff,
        int Crs, int Ccs);

    /// <summary>Parts [first, end) of a product split into <c>parts</c> runs of MR-row blocks or of column panels.</summary>
    private readonly struct Parts<T>(Product<T> p, int nPanels, bool splitRows, int units, int parts) : CpuDevice.IRangeBody
        where T : unmanaged, INumber<T>
    {
        public void Run(int first, int end)
        {
            for (int w = first; w < end; w++)
            {
                int u0 = (int)((long)units * w / parts), u1 = (int)((long)units * (w + 1) / parts);
                if (splitRows) Range(p, u0 * MR, Math.Min(p.M, u1 * MR), 0, nPanels);
                else Range(p, 0, p.M, u0, u1);
            }
        }
    }

    /// <summary>
    /// The serial BLIS loop nest over rows [r0, r1) and column panels [p0, p1) of C: for each block of at most
    /// <see cref="NCPanels"/> panels and each KC step, pack that part of B, then for each MC block of rows pack A and
    /// run the micro-kernel over every MR×NR tile. The column blocks bound the packed B (4 MB) however wide C is, as
    /// BLIS's NC loop does.
    /// </summary>
    private static void Range<T>(Product<T> p, int r0, int r1, int p0, int p1) where T : unmanaged, INumber<T>
    {
        var (_, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs) = p;
        int nr = NR<T>();
        var pool = ArrayPool<T>.Shared;
        var packedB = pool.Rent(Math.Min(KC, k) * nr * Math.Min(NCPanels, p1 - p0));
        var packedA = pool.Rent(Math.Min(KC, k) * MC);
        try
        {
            for (int jb = p0; jb < p1; jb += NCPanels)
            {
                int je = Math.Min(p1, jb + NCPanels);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    bool accumulate = pc > 0;
                    PackB(b, bOff + pc * brs, brs, bcs, kc, n, nr, packedB, jb, je);
                    for (int ic = r0; ic < r1; ic += MC)
                    {
                        int rows = Math.Min(MC, r1 - ic);
                        PackA(a, aOff + ic * ars + pc * acs, ars, acs, rows, kc, packedA);
                        for (int jp = jb; jp < je; jp++)
                        {
                            int jc = jp * nr, cols = Math.Min(nr, n - jc);
                            for (int ir = 0; ir < rows; ir += MR)
                                MicroKernel(kc, packedA, ir * kc, packedB, (jp - jb) * nr * kc, c, cOff + (ic + ir) * crs + jc * ccs, crs, ccs,
                                    Math.Min(MR, rows - ir), cols, accumulate);
                        }
                    }
                }
            }
        }
        finally
        {
            pool.Return(packedA);
            pool.Return(packedB);
        }
    }

    private static void MicroKernel<T>(int kc, T[] pa, int aAt, T[] pb, int bAt, T[] c, int cAt, int ldc, int ccs, int rows, int cols, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        if (Vector512.IsHardwareAccelerated) MicroKernel512(kc, pa, aAt, pb, bAt, c, cAt, ldc, ccs, rows, cols, accumulate);
        else MicroKernel256(kc, pa, aAt, pb, bAt, c, cAt, ldc, ccs, rows, cols, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel512<T>(int kc, T[] pa, int aAt, T[] pb, int bAt, T[] c, int cAt, int ldc, int ccs, int rows, int cols, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        int w = Vector512<T>.Count;
        ref T a = ref pa[aAt];
        ref T b = ref pb[bAt];
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b, (nuint)(p * 2 * w));
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)(p * 2 * w + w));
            ref T ap = ref Unsafe.Add(ref a, p * MR);
            var a0 = Vector512.Create(ap); c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref ap, 1)); c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref ap, 2)); c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref ap, 3)); c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref ap, 4)); c40 = Fma(a4, b0, c40); c41 = Fma(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref ap, 5)); c50 = Fma(a5, b0, c50); c51 = Fma(a5, b1, c51);
            var a6 = Vector512.Create(Unsafe.Add(ref ap, 6)); c60 = Fma(a6, b0, c60); c61 = Fma(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref ap, 7)); c70 = Fma(a7, b0, c70); c71 = Fma(a7, b1, c71);
        }
        if (rows == MR && cols == 2 * w && ccs == 1)
        {
            ref T c0 = ref c[cAt];
            Store(ref c0, 0, ldc, w, c00, c01, accumulate);
            Store(ref c0, 1, ldc, w, c10, c11, accumulate);
            Store(ref c0, 2, ldc, w, c20, c21, accumulate);
            Store(ref c0, 3, ldc, w, c30, c31, accumulate);
            Store(ref c0, 4, ldc, w, c40, c41, accumulate);
            Store(ref c0, 5, ldc, w, c50, c51, accumulate);
            Store(ref c0, 6, ldc, w, c60, c61, accumulate);
            Store(ref c0, 7, ldc, w, c70, c71, accumulate);
            return;
        }
        Span<T> tile = stackalloc T[MR * 2 * w];
        ref T t = ref tile[0];
        c00.StoreUnsafe(ref t, (nuint)(0 * w)); c01.StoreUnsafe(ref t, (nuint)(1 * w));
        c10.StoreUnsafe(ref t, (nuint)(2 * w)); c11.StoreUnsafe(ref t, (nuint)(3 * w));
        c20.StoreUnsafe(ref t, (nuint)(4 * w)); c21.StoreUnsafe(ref t, (nuint)(5 * w));
        c30.StoreUnsafe(ref t, (nuint)(6 * w)); c31.StoreUnsafe(ref t, (nuint)(7 * w));
        c40.StoreUnsafe(ref t, (nuint)(8 * w)); c41.StoreUnsafe(ref t, (nuint)(9 * w));
        c50.StoreUnsafe(ref t, (nuint)(10 * w)); c51.StoreUnsafe(ref t, (nuint)(11 * w));
        c60.StoreUnsafe(ref t, (nuint)(12 * w)); c61.StoreUnsafe(ref t, (nuint)(13 * w));
        c70.StoreUnsafe(ref t, (nuint)(14 * w)); c71.StoreUnsafe(ref t, (nuint)(15 * w));
        WriteTile(tile, 2 * w, c, cAt, ldc, ccs, rows, cols, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel256<T>(int kc, T[] pa, int aAt, T[] pb, int bAt, T[] c, int cAt, int ldc, int ccs, int rows, int cols, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        int w = Vector256<T>.Count;
        ref T a = ref pa[aAt];
        ref T b = ref pb[bAt];
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref b, (nuint)(p * 2 * w));
            var b1 = Vector256.LoadUnsafe(ref b, (nuint)(p * 2 * w + w));
            ref T ap = ref Unsafe.Add(ref a, p * MR);
            var a0 = Vector256.Create(ap); c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref ap, 1)); c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref ap, 2)); c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref ap, 3)); c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref ap, 4)); c40 = Fma(a4, b0, c40); c41 = Fma(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref ap, 5)); c50 = Fma(a5, b0, c50); c51 = Fma(a5, b1, c51);
            var a6 = Vector256.Create(Unsafe.Add(ref ap, 6)); c60 = Fma(a6, b0, c60); c61 = Fma(a6, b1, c61);
            var a7 = Vector256.Create(Unsafe.Add(ref ap, 7)); c70 = Fma(a7, b0, c70); c71 = Fma(a7, b1, c71);
        }
        Span<T> tile = stackalloc T[MR * 2 * w];
        ref T t = ref tile[0];
        c00.StoreUnsafe(ref t, (nuint)(0 * w)); c01.StoreUnsafe(ref t, (nuint)(1 * w));
        c10.StoreUnsafe(ref t, (nuint)(2 * w)); c11.StoreUnsafe(ref t, (nuint)(3 * w));
        c20.StoreUnsafe(ref t, (nuint)(4 * w)); c21.StoreUnsafe(ref t, (nuint)(5 * w));
        c30.StoreUnsafe(ref t, (nuint)(6 * w)); c31.StoreUnsafe(ref t, (nuint)(7 * w));
        c40.StoreUnsafe(ref t, (nuint)(8 * w)); c41.StoreUnsafe(ref t, (nuint)(9 * w));
        c50.StoreUnsafe(ref t, (nuint)(10 * w)); c51.StoreUnsafe(ref t, (nuint)(11 * w));
        c60.StoreUnsafe(ref t, (nuint)(12 * w)); c61.StoreUnsafe(ref t, (nuint)(13 * w));
        c70.StoreUnsafe(ref t, (nuint)(14 * w)); c71.StoreUnsafe(ref t, (nuint)(15 * w));
        WriteTile(tile, 2 * w, c, cAt, ldc, ccs, rows, cols, accumulate);
    }

    /// <summary>Adds (or writes) the valid rows×cols corner of a register tile into C, whose columns are ccs apart.</summary>
    private static void WriteTile<T>(Span<T> tile, int nr, T[] c, int cAt, int ldc, int ccs, int rows, int cols, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var src = tile.Slice(r * nr, cols);
            if (ccs != 1)
            {
                for (int j = 0, at = cAt + r * ldc; j < cols; j++, at += ccs) c[at] = accumulate ? c[at] + src[j] : src[j];
                continue;
            }
            var dst = c.AsSpan(cAt + r * ldc, cols);
            if (!accumulate) src.CopyTo(dst);
            else
            {
                int j = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (; j + Vector256<T>.Count <= cols; j += Vector256<T>.Count)
                        (Vector256.Create<T>(dst[j..]) + Vector256.Create<T>(src[j..])).CopyTo(dst[j..]);
                for (; j < cols; j++) dst[j] += src[j];
            }
        }
    }

    /// <summary>Writes (or adds) one full register row of the tile straight into C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref T c0, int row, int ldc, int w, Vector512<T> v0, Vector512<T> v1, bool accumulate) where T : unmanaged
    {
        nuint at = (nuint)(row * ldc);
        if (accumulate)
        {
            v0 += Vector512.LoadUnsafe(ref c0, at);
            v1 += Vector512.LoadUnsafe(ref c0, at + (nuint)w);
        }
        v0.StoreUnsafe(ref c0, at);
        v1.StoreUnsafe(ref c0, at + (nuint)w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}
