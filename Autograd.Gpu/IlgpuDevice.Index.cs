using Autograd.Gpu.Kernels;
using ILGPU;

namespace Autograd.Gpu;

public sealed partial class IlgpuDevice
{
    // As on the CPU device, the indexing primitives receive contiguous operands; only offsets vary.

    /// <inheritdoc/>
    public override void IndexSelect(in StridedBuffer x, int dim, in StridedBuffer index, in StridedBuffer y)
    {
        var (outer, extent, inner) = Blocks(x.Shape, dim);
        var space = Layouts.SpaceOf([outer * index.Count * inner], _threads);
        var idx = View<int>(index.Storage);
        switch (x.DType)
        {
            case DType.Float32: Launch(IndexKernels.IndexSelect, space, index.Count, extent, inner, View<float>(x.Storage), x.Offset, idx, index.Offset, View<float>(y.Storage), y.Offset); break;
            case DType.Float64: Launch(IndexKernels.IndexSelect, space, index.Count, extent, inner, View<double>(x.Storage), x.Offset, idx, index.Offset, View<double>(y.Storage), y.Offset); break;
            case DType.Int32: Launch(IndexKernels.IndexSelect, space, index.Count, extent, inner, View<int>(x.Storage), x.Offset, idx, index.Offset, View<int>(y.Storage), y.Offset); break;
            default: Launch(IndexKernels.IndexSelect, space, index.Count, extent, inner, View<byte>(x.Storage), x.Offset, idx, index.Offset, View<byte>(y.Storage), y.Offset); break;
        }
    }

    /// <inheritdoc/>
    public override void IndexAdd(in StridedBuffer y, int dim, in StridedBuffer index, in StridedBuffer src)
    {
        switch (y.DType)
        {
            case DType.Float32: IndexAddTyped<float, F32>(y, dim, index, src); break;
            case DType.Float64: IndexAddTyped<double, F64>(y, dim, index, src); break;
            case DType.Int32: IndexAddTyped<int, I32>(y, dim, index, src); break;
            default: IndexAddTyped<byte, B8>(y, dim, index, src); break;
        }
    }

    private void IndexAddTyped<T, E>(in StridedBuffer y, int dim, in StridedBuffer index, in StridedBuffer src) where T : unmanaged where E : struct, IElement<T>
    {
        var (outer, extent, inner) = Blocks(y.Shape, dim);
        var space = Layouts.SpaceOf([outer * index.Count * inner], _threads);
        Launch(IndexKernels.IndexAdd<T, E>, space, index.Count, extent, inner,
            View<T>(src.Storage), src.Offset, View<int>(index.Storage), index.Offset, View<T>(y.Storage), y.Offset);
    }

    /// <summary>A shape seen as [outer, extent, inner] around <paramref name="dim"/>.</summary>
    private static (int Outer, int Extent, int Inner) Blocks(int[] shape, int dim) =>
        (Shape.Numel(shape.AsSpan(0, dim)), shape[dim], Shape.Numel(shape.AsSpan(dim + 1)));

    /// <inheritdoc/>
    public override void Gather(in StridedBuffer x, int dim, in StridedBuffer index, in StridedBuffer y)
    {
        var (space, big, dimStride) = GatherLayout(x, dim, index);
        var idx = View<int>(index.Storage);
        switch (x.DType)
        {
            case DType.Float32: Launch(IndexKernels.Gather, space, big, dimStride, View<float>(x.Storage), idx, index.Offset, View<float>(y.Storage), y.Offset); break;
            case DType.Float64: Launch(IndexKernels.Gather, space, big, dimStride, View<double>(x.Storage), idx, index.Offset, View<double>(y.Storage), y.Offset); break;
            case DType.Int32: Launch(IndexKernels.Gather, space, big, dimStride, View<int>(x.Storage), idx, index.Offset, View<int>(y.Storage), y.Offset); break;
            default: Launch(IndexKernels.Gather, space, big, dimStride, View<byte>(x.Storage), idx, index.Offset, View<byte>(y.Storage), y.Offset); break;
        }
    }

    /// <inheritdoc/>
    public override void ScatterAdd(in StridedBuffer y, int dim, in StridedBuffer index, in StridedBuffer src)
    {
        switch (y.DType)
        {
            case DType.Float32: ScatterAddTyped<float, F32>(y, dim, index, src); break;
            case DType.Float64: ScatterAddTyped<double, F64>(y, dim, index, src); break;
            case DType.Int32: ScatterAddTyped<int, I32>(y, dim, index, src); break;
            default: ScatterAddTyped<byte, B8>(y, dim, index, src); break;
        }
    }

    private void ScatterAddTyped<T, E>(in StridedBuffer y, int dim, in StridedBuffer index, in StridedBuffer src) where T : unmanaged where E : struct, IElement<T>
    {
        var (space, big, dimStride) = GatherLayout(y, dim, index);
        Launch(IndexKernels.ScatterAdd<T, E>, space, big, dimStride, View<T>(y.Storage), View<int>(index.Storage), index.Offset, View<T>(src.Storage), src.Offset);
    }

    /// <summary>
    /// The index's shape as the iteration space, and the big tensor's (contiguous) strides with 0 along dim:
    /// every coordinate but dim addresses the big tensor directly, and dim comes from the index value.
    /// </summary>
    private (Space Space, Strided Big, int DimStride) GatherLayout(in StridedBuffer big, int dim, in StridedBuffer index)
    {
        var strides = Shape.ContiguousStrides(big.Shape);
        int dimStride = strides[dim];
        strides[dim] = 0;
        var (space, l) = Layouts.Build("gather", index.Shape, _threads, new StridedBuffer(big.Storage, index.Shape, strides, big.Offset));
        return (space, l[0], dimStride);
    }

    /// <inheritdoc/>
    public override void FillRandom(in StridedBuffer dst, RandomDistribution distribution, ulong seed, ulong counter, double a, double b)
    {
        var space = Layouts.SpaceOf([dst.Count], _threads);
        switch (dst.DType)
        {
            case DType.Float32: Launch(RandomKernels.FillRandom<float, F32>, space, View<float>(dst.Storage), dst.Offset, distribution, seed, counter, a, b); break;
            case DType.Float64: Launch(RandomKernels.FillRandom<double, F64>, space, View<double>(dst.Storage), dst.Offset, distribution, seed, counter, a, b); break;
            default: Launch(RandomKernels.FillRandom<int, I32>, space, View<int>(dst.Storage), dst.Offset, distribution, seed, counter, a, b); break;
        }
    }
}
