using Autograd.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Autograd.Gpu;

public sealed partial class IlgpuDevice
{
    /// <summary>CUDA's limit on the grid's z dimension, which carries the batch index in the tiled kernel.</summary>
    private const int MaxGridZ = 65535;

    /// <inheritdoc/>
    /// <remarks>
    /// On CUDA with cuBLAS, one (strided-batched) cuBLAS call when every batch dimension merges into one stride;
    /// otherwise the built-in tiled kernel, which takes any strides.
    /// </remarks>
    public override void MatMul(in StridedBuffer a, in StridedBuffer b, in StridedBuffer c)
    {
        int rank = c.Shape.Length;
        int m = c.Shape[rank - 2], n = c.Shape[rank - 1], k = a.Shape[rank - 1];
        int[] batchShape = c.Shape[..(rank - 2)];
        var (batch, bl) = Layouts.Build("matmul", batchShape, 1,
            new StridedBuffer(a.Storage, batchShape, a.Strides[..(rank - 2)], a.Offset),
            new StridedBuffer(b.Storage, batchShape, b.Strides[..(rank - 2)], b.Offset));
        if (m == 0 || n == 0 || batch.Count == 0) return;
        var args = new GemmArgs
        {
            M = m, N = n, K = k,
            ARowStride = a.Strides[rank - 2], AColStride = a.Strides[rank - 1],
            BRowStride = b.Strides[rank - 2], BColStride = b.Strides[rank - 1],
            COffset = c.Offset, Batch = batch, ABatch = bl[0], BBatch = bl[1],
        };
        if (_blas is not null && batch.Rank <= 1 && TryCuBlas(a, b, c, args)) return;
        if (c.DType == DType.Float32) TiledGemm<float, F32>(a, b, c, args);
        else TiledGemm<double, F64>(a, b, c, args);
    }

    private bool TryCuBlas(in StridedBuffer a, in StridedBuffer b, in StridedBuffer c, GemmArgs g)
    {
        var (sa, sb, sc) = (Ilgpu(a.Storage), Ilgpu(b.Storage), Ilgpu(c.Storage));
        return _blas!.TryGemm(c.DType == DType.Float64, g.M, g.N, g.K,
            sa.Pointer(g.ABatch.Offset), g.ARowStride, g.AColStride, g.ABatch.S7,
            sb.Pointer(g.BBatch.Offset), g.BRowStride, g.BColStride, g.BBatch.S7,
            sc.Pointer(g.COffset), g.Batch.Count);
    }

    private void TiledGemm<T, E>(in StridedBuffer a, in StridedBuffer b, in StridedBuffer c, GemmArgs args)
        where T : unmanaged where E : struct, IFloat<T>
    {
        Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs> kernel = GemmKernel.Gemm<T, E>;
        var launcher = (Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs>)_kernels.GetOrAdd(kernel,
            static (k, acc) => acc.LoadStreamKernel((Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs>)k), _accelerator);
        Bind();
        int tile = GemmTile;
        for (int start = 0; start < args.Batch.Count; start += MaxGridZ)
        {
            args.BatchStart = start;
            var grid = new Index3D((args.N + tile - 1) / tile, (args.M + tile - 1) / tile, Math.Min(MaxGridZ, args.Batch.Count - start));
            var config = new KernelConfig(grid, new Index3D(tile, tile, 1), SharedMemoryConfig.RequestDynamic<T>(2 * tile * tile));
            launcher(config, View<T>(a.Storage), View<T>(b.Storage), View<T>(c.Storage), args);
        }
    }
}
