using ILGPU;

namespace Autograd.Gpu.Kernels;

/// <summary>The shape and layout of a batched product c[z] = a[z] · b[z] (a [M, K], b [K, N], c dense [M, N]).</summary>
internal struct GemmArgs
{
    public int M, N, K;
    public int ARowStride, AColStride, BRowStride, BColStride, COffset;

    /// <summary>The batch index of the launch's first z slice (a grid's z extent is limited).</summary>
    public int BatchStart;

    /// <summary>The batch dimensions; <see cref="ABatch"/> and <see cref="BBatch"/> give each matrix's first element.</summary>
    public Space Batch;
    public Strided ABatch, BBatch;
}

/// <summary>
/// The fallback GEMM (no cuBLAS, OpenCL, the emulator): each group computes one tile×tile block of c, staging
/// tile×tile blocks of a and b in shared memory so each global element is read tile times fewer.
/// Launched with groups of (tile, tile), a grid of (⌈N/tile⌉, ⌈M/tile⌉, batches) and 2·tile² dynamic shared elements.
/// </summary>
internal static class GemmKernel
{
    public static void Gemm<T, E>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmArgs g)
        where T : unmanaged where E : struct, IFloat<T>
    {
        var e = default(E);
        int tile = Group.DimX;
        var shared = SharedMemory.GetDynamic<T>();
        var aTile = shared.SubView(0, tile * tile);
        var bTile = shared.SubView(tile * tile, tile * tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int col = Grid.IdxX * tile + tx, row = Grid.IdxY * tile + ty, batch = Grid.IdxZ + g.BatchStart;
        int aBase = g.ABatch.At(batch, g.Batch), bBase = g.BBatch.At(batch, g.Batch);
        T acc = e.Zero;
        for (int k0 = 0; k0 < g.K; k0 += tile)
        {
            int ak = k0 + tx, bk = k0 + ty;
            aTile[ty * tile + tx] = row < g.M && ak < g.K ? a[aBase + row * g.ARowStride + ak * g.AColStride] : e.Zero;
            bTile[ty * tile + tx] = bk < g.K && col < g.N ? b[bBase + bk * g.BRowStride + col * g.BColStride] : e.Zero;
            Group.Barrier();
            for (int k = 0; k < tile; k++) acc = e.Add(acc, e.Mul(aTile[ty * tile + k], bTile[k * tile + tx]));
            Group.Barrier();
        }
        if (row < g.M && col < g.N) c[g.COffset + (batch * g.M + row) * g.N + col] = acc;
    }
}
