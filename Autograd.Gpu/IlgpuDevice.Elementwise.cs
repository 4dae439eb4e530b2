using Autograd.Gpu.Kernels;
using Autograd.Kernels;

namespace Autograd.Gpu;

/// <remarks>
/// Layouts with more dimensions than the kernels take (after merging) run as one launch per index of their first
/// dimension, so a tensor of any rank can be filled, copied, read back and combined elementwise.
/// </remarks>
public sealed partial class IlgpuDevice
{
    /// <inheritdoc/>
    public override void Fill(in StridedBuffer dst, double value)
    {
        if (!Layouts.TryBuild(dst.Shape, _threads, out var s, out var l, dst))
        {
            for (int i = 0; i < dst.Shape[0]; i++) Fill(Layouts.Slice(dst, i), value);
            return;
        }
        switch (dst.DType)
        {
            case DType.Float32: Launch(ElementwiseKernels.Fill, s, View<float>(dst.Storage), l[0], (float)value); break;
            case DType.Float64: Launch(ElementwiseKernels.Fill, s, View<double>(dst.Storage), l[0], value); break;
            case DType.Int32: Launch(ElementwiseKernels.Fill, s, View<int>(dst.Storage), l[0], (int)value); break;
            default: Launch(ElementwiseKernels.Fill, s, View<byte>(dst.Storage), l[0], value != 0 ? (byte)1 : (byte)0); break;
        }
    }

    /// <inheritdoc/>
    public override void Copy(in StridedBuffer src, in StridedBuffer dst)
    {
        switch (src.DType)
        {
            case DType.Float32: CopyFrom<float, F32>(src, dst); break;
            case DType.Float64: CopyFrom<double, F64>(src, dst); break;
            case DType.Int32: CopyFrom<int, I32>(src, dst); break;
            default: CopyFrom<byte, B8>(src, dst); break;
        }
    }

    private void CopyFrom<TX, EX>(in StridedBuffer src, in StridedBuffer dst) where TX : unmanaged where EX : struct, IElement<TX>
    {
        if (!Layouts.TryBuild(src.Shape, _threads, out var s, out var l, src, dst))
        {
            for (int i = 0; i < src.Shape[0]; i++) CopyFrom<TX, EX>(Layouts.Slice(src, i), Layouts.Slice(dst, i));
            return;
        }
        var x = View<TX>(src.Storage);
        switch (dst.DType)
        {
            case DType.Float32: Launch(ElementwiseKernels.Copy<TX, float, EX, F32>, s, x, l[0], View<float>(dst.Storage), l[1]); break;
            case DType.Float64: Launch(ElementwiseKernels.Copy<TX, double, EX, F64>, s, x, l[0], View<double>(dst.Storage), l[1]); break;
            case DType.Int32: Launch(ElementwiseKernels.Copy<TX, int, EX, I32>, s, x, l[0], View<int>(dst.Storage), l[1]); break;
            default: Launch(ElementwiseKernels.Copy<TX, byte, EX, B8>, s, x, l[0], View<byte>(dst.Storage), l[1]); break;
        }
    }

    /// <inheritdoc/>
    public override void Map<TOp>(TOp op, in StridedBuffer x, in StridedBuffer y)
    {
        if (!Layouts.TryBuild(x.Shape, _threads, out var s, out var l, x, y))
        {
            for (int i = 0; i < x.Shape[0]; i++) Map(op, Layouts.Slice(x, i), Layouts.Slice(y, i));
            return;
        }
        if (x.DType == DType.Float32)
            Launch(ElementwiseKernels.Map, s, View<float>(x.Storage), l[0], View<float>(y.Storage), l[1], new MapF32<TOp>(op));
        else
            Launch(ElementwiseKernels.Map, s, View<double>(x.Storage), l[0], View<double>(y.Storage), l[1], new MapF64<TOp>(op));
    }

    /// <inheritdoc/>
    public override void Zip<TOp>(TOp op, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y)
    {
        if (!Layouts.TryBuild(y.Shape, _threads, out var s, out var l, a, b, y))
        {
            for (int i = 0; i < y.Shape[0]; i++) Zip(op, Layouts.Slice(a, i), Layouts.Slice(b, i), Layouts.Slice(y, i));
            return;
        }
        switch (a.DType)
        {
            case DType.Float32:
                Launch(ElementwiseKernels.Zip, s, View<float>(a.Storage), l[0], View<float>(b.Storage), l[1], View<float>(y.Storage), l[2], new ZipF32<TOp>(op));
                break;
            case DType.Float64:
                Launch(ElementwiseKernels.Zip, s, View<double>(a.Storage), l[0], View<double>(b.Storage), l[1], View<double>(y.Storage), l[2], new ZipF64<TOp>(op));
                break;
            default:
                Launch(ElementwiseKernels.Zip, s, View<int>(a.Storage), l[0], View<int>(b.Storage), l[1], View<int>(y.Storage), l[2], new ZipI32<TOp>(op));
                break;
        }
    }

    /// <inheritdoc/>
    public override void Compare<TOp>(TOp op, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y)
    {
        if (!Layouts.TryBuild(y.Shape, _threads, out var s, out var l, a, b, y))
        {
            for (int i = 0; i < y.Shape[0]; i++) Compare(op, Layouts.Slice(a, i), Layouts.Slice(b, i), Layouts.Slice(y, i));
            return;
        }
        var result = View<byte>(y.Storage);
        switch (a.DType)
        {
            case DType.Float32:
                Launch(ElementwiseKernels.Compare, s, View<float>(a.Storage), l[0], View<float>(b.Storage), l[1], result, l[2], new CompareF32<TOp>(op));
                break;
            case DType.Float64:
                Launch(ElementwiseKernels.Compare, s, View<double>(a.Storage), l[0], View<double>(b.Storage), l[1], result, l[2], new CompareF64<TOp>(op));
                break;
            case DType.Int32:
                Launch(ElementwiseKernels.Compare, s, View<int>(a.Storage), l[0], View<int>(b.Storage), l[1], result, l[2], new CompareI32<TOp>(op));
                break;
            default:
                throw new ArgumentException("Compare: Bool operands must be cast to Int32 by the calling op.");
        }
    }

    /// <inheritdoc/>
    public override void Where(in StridedBuffer cond, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y)
    {
        switch (a.DType)
        {
            case DType.Float32: WhereTyped<float>(cond, a, b, y); break;
            case DType.Float64: WhereTyped<double>(cond, a, b, y); break;
            case DType.Int32: WhereTyped<int>(cond, a, b, y); break;
            default: WhereTyped<byte>(cond, a, b, y); break;
        }
    }

    private void WhereTyped<T>(in StridedBuffer cond, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y) where T : unmanaged
    {
        if (!Layouts.TryBuild(y.Shape, _threads, out var s, out var l, cond, a, b, y))
        {
            for (int i = 0; i < y.Shape[0]; i++) WhereTyped<T>(Layouts.Slice(cond, i), Layouts.Slice(a, i), Layouts.Slice(b, i), Layouts.Slice(y, i));
            return;
        }
        Launch(ElementwiseKernels.Where, s, View<byte>(cond.Storage), l[0], View<T>(a.Storage), l[1], View<T>(b.Storage), l[2], View<T>(y.Storage), l[3]);
    }
}
