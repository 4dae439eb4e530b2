using Autograd.Gpu.Kernels;
using Autograd.Kernels;
using ILGPU;

namespace Autograd.Gpu;

public sealed partial class IlgpuDevice
{
    /// <inheritdoc/>
    public override void Reduce<TOp>(TOp op, in StridedBuffer x, int reducedDims, in StridedBuffer y)
    {
        switch (x.DType)
        {
            case DType.Float32: ReduceTyped<float, FoldF32<TOp>>(new FoldF32<TOp>(op), x, reducedDims, y); break;
            case DType.Float64: ReduceTyped<double, FoldF64<TOp>>(new FoldF64<TOp>(op), x, reducedDims, y); break;
            default: ReduceTyped<int, FoldI32<TOp>>(new FoldI32<TOp>(op), x, reducedDims, y); break;
        }
    }

    /// <summary>
    /// One job per output row when there are enough rows to occupy the device; otherwise each row is cut into
    /// segments folded in parallel into a [rows, parts] buffer, which a second launch of the same kernel folds.
    /// </summary>
    private void ReduceTyped<T, TF>(TF fold, StridedBuffer x, int reducedDims, StridedBuffer y) where T : unmanaged where TF : struct, IFold<T>
    {
        int outerRank = x.Shape.Length - reducedDims;
        int[] outerShape = x.Shape[..outerRank], innerShape = x.Shape[outerRank..];
        var (outer, ol) = Layouts.Build("reduce", outerShape, _threads,
            new StridedBuffer(x.Storage, outerShape, x.Strides[..outerRank], x.Offset), y);
        var (inner, il) = Layouts.Build("reduce", innerShape, 1, new StridedBuffer(x.Storage, innerShape, x.Strides[outerRank..], 0));
        int rows = outer.Count;
        if (rows == 0) return;
        bool gpu = _threads == int.MaxValue;
        int targetJobs = gpu ? 1 << 16 : _threads, minSegment = gpu ? 256 : 32;
        int parts = (int)Math.Min((inner.Count + minSegment - 1L) / minSegment, Math.Max(1, targetJobs / rows));
        var xs = View<T>(x.Storage);
        if (parts <= 1)
        {
            Launch(ReduceKernels.Reduce, Layouts.WithJobs(outer, rows, _threads), ol[0], inner, il[0], 1, Math.Max(inner.Count, 1), xs, View<T>(y.Storage), ol[1], fold);
            return;
        }
        int segment = (inner.Count + parts - 1) / parts;
        var partial = Allocate(x.DType, rows * parts);
        try
        {
            var dense = Layouts.StridedOf(DenseStrides(outer), 0);
            Launch(ReduceKernels.Reduce, Layouts.WithJobs(outer, rows * parts, _threads), ol[0], inner, il[0], parts, segment, xs, View<T>(partial), dense, fold);
            var partsSpace = Layouts.SpaceOf([parts], 1);
            var partsLayout = Layouts.StridedOf([1], 0);
            var byRow = Layouts.StridedOf(DenseStrides(outer, parts), 0);
            Launch(ReduceKernels.Reduce, Layouts.WithJobs(outer, rows, _threads), byRow, partsSpace, partsLayout, 1, parts, View<T>(partial), View<T>(y.Storage), ol[1], fold);
        }
        finally
        {
            partial.Release();
        }
    }

    /// <summary>Row-major strides (times <paramref name="scale"/>) of the dimensions of a space.</summary>
    private static int[] DenseStrides(Space space, int scale = 1)
    {
        int[] dims = [space.D0, space.D1, space.D2, space.D3, space.D4, space.D5, space.D6, space.D7];
        var strides = Shape.ContiguousStrides(dims);
        for (int i = 0; i < strides.Length; i++) strides[i] *= scale;
        return strides;
    }

    /// <inheritdoc/>
    public override void ArgReduce(bool max, in StridedBuffer x, in StridedBuffer values, in StridedBuffer indices)
    {
        switch (x.DType)
        {
            case DType.Float32: ArgReduceTyped<float, F32>(max, x, values, indices); break;
            case DType.Float64: ArgReduceTyped<double, F64>(max, x, values, indices); break;
            default: ArgReduceTyped<int, I32>(max, x, values, indices); break;
        }
    }

    private void ArgReduceTyped<T, E>(bool max, in StridedBuffer x, in StridedBuffer values, in StridedBuffer indices)
        where T : unmanaged where E : struct, IElement<T>
    {
        int rank = x.Shape.Length;
        int[] outerShape = x.Shape[..(rank - 1)];
        var (outer, ol) = Layouts.Build("argmax", outerShape, _threads, new StridedBuffer(x.Storage, outerShape, x.Strides[..(rank - 1)], x.Offset));
        Launch(ReduceKernels.ArgReduce<T, E>, outer, ol[0], x.Shape[rank - 1], x.Strides[rank - 1], max ? 1 : 0,
            View<T>(x.Storage), View<T>(values.Storage), values.Offset, View<int>(indices.Storage), indices.Offset);
    }

    /// <inheritdoc/>
    public override void Softmax(in StridedBuffer x, in StridedBuffer y, bool log)
    {
        int n = x.Shape.Length == 0 ? 1 : x.Shape[^1];
        int rows = n == 0 ? 0 : x.Count / n;
        var space = Layouts.SpaceOf([rows], _threads);
        if (x.DType == DType.Float32)
            Launch(ReduceKernels.Softmax<float, F32>, space, n, log ? 1 : 0, View<float>(x.Storage), x.Offset, View<float>(y.Storage), y.Offset);
        else
            Launch(ReduceKernels.Softmax<double, F64>, space, n, log ? 1 : 0, View<double>(x.Storage), x.Offset, View<double>(y.Storage), y.Offset);
    }
}
