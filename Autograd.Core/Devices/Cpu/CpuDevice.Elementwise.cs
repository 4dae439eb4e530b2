using Autograd.Kernels;

namespace Autograd;

public sealed partial class CpuDevice
{
    /// <inheritdoc/>
    public override void Fill(in StridedBuffer dst, double value)
    {
        switch (dst.DType)
        {
            case DType.Float32: FillTyped(dst, (float)value); break;
            case DType.Float64: FillTyped(dst, value); break;
            case DType.Int32: FillTyped(dst, (int)value); break;
            default: FillTyped(dst, value != 0); break;
        }
    }

    private static void FillTyped<T>(in StridedBuffer dst, T value) where T : unmanaged
    {
        var data = Cpu(dst.Storage).Array<T>();
        if (dst.IsContiguous)
        {
            int offset = dst.Offset;
            For(dst.Count, 1, (s, e) => data.AsSpan(offset + s, e - s).Fill(value));
            return;
        }
        StridedRows.Run(new FillRow<T>(data, value), dst.Shape, dst.Strides, dst.Offset, dst.Strides, dst.Offset);
    }

    /// <inheritdoc/>
    public override void Copy(in StridedBuffer src, in StridedBuffer dst)
    {
        if (src.DType == dst.DType)
        {
            switch (src.DType)
            {
                case DType.Float32: CopyTyped<float, float>(src, dst); break;
                case DType.Float64: CopyTyped<double, double>(src, dst); break;
                case DType.Int32: CopyTyped<int, int>(src, dst); break;
                default: CopyTyped<bool, bool>(src, dst); break;
            }
            return;
        }
        switch (src.DType)
        {
            case DType.Float32: CopyFrom<float>(src, dst); break;
            case DType.Float64: CopyFrom<double>(src, dst); break;
            case DType.Int32: CopyFrom<int>(src, dst); break;
            default: CopyFrom<bool>(src, dst); break;
        }
    }

    private static void CopyFrom<TSrc>(in StridedBuffer src, in StridedBuffer dst) where TSrc : unmanaged
    {
        switch (dst.DType)
        {
            case DType.Float32: CopyTyped<TSrc, float>(src, dst); break;
            case DType.Float64: CopyTyped<TSrc, double>(src, dst); break;
            case DType.Int32: CopyTyped<TSrc, int>(src, dst); break;
            default: CopyTyped<TSrc, bool>(src, dst); break;
        }
    }

    private static void CopyTyped<TSrc, TDst>(in StridedBuffer src, in StridedBuffer dst) where TSrc : unmanaged where TDst : unmanaged
    {
        var s = Cpu(src.Storage).Array<TSrc>();
        var d = Cpu(dst.Storage).Array<TDst>();
        if (typeof(TSrc) == typeof(TDst) && src.IsContiguous && dst.IsContiguous)
        {
            int so = src.Offset, dOff = dst.Offset;
            For(src.Count, 1, (a, b) => ((TDst[])(object)s).AsSpan(so + a, b - a).CopyTo(d.AsSpan(dOff + a, b - a)));
            return;
        }
        StridedRows.Run(new CopyRow<TSrc, TDst>(s, d), src.Shape, src.Strides, src.Offset, dst.Strides, dst.Offset);
    }

    /// <inheritdoc/>
    public override void Map<TOp>(TOp op, in StridedBuffer x, in StridedBuffer y)
    {
        if (x.DType == DType.Float32)
            StridedRows.Run(new MapRow<TOp, float>(op, Cpu(x.Storage).Array<float>(), Cpu(y.Storage).Array<float>()), x.Shape, x.Strides, x.Offset, y.Strides, y.Offset);
        else
            StridedRows.Run(new MapRow<TOp, double>(op, Cpu(x.Storage).Array<double>(), Cpu(y.Storage).Array<double>()), x.Shape, x.Strides, x.Offset, y.Strides, y.Offset);
    }

    /// <inheritdoc/>
    public override void Zip<TOp>(TOp op, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y)
    {
        switch (a.DType)
        {
            case DType.Float32: ZipTyped<TOp, float>(op, a, b, y); break;
            case DType.Float64: ZipTyped<TOp, double>(op, a, b, y); break;
            default: ZipTyped<TOp, int>(op, a, b, y); break;
        }
    }

    private static void ZipTyped<TOp, T>(TOp op, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y) where TOp : struct, IBinaryOp where T : unmanaged =>
        StridedRows.Run(new ZipRow<TOp, T>(op, Cpu(a.Storage).Array<T>(), Cpu(b.Storage).Array<T>(), Cpu(y.Storage).Array<T>()),
            y.Shape, a.Strides, a.Offset, b.Strides, b.Offset, y.Strides, y.Offset);

    /// <inheritdoc/>
    public override void Compare<TOp>(TOp op, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y)
    {
        switch (a.DType)
        {
            case DType.Float32: CompareTyped<TOp, float>(op, a, b, y); break;
            case DType.Float64: CompareTyped<TOp, double>(op, a, b, y); break;
            case DType.Int32: CompareTyped<TOp, int>(op, a, b, y); break;
            default: throw new ArgumentException("Compare: Bool operands must be cast to Int32 by the calling op.");
        }
    }

    private static void CompareTyped<TOp, T>(TOp op, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y) where TOp : struct, ICompareOp where T : unmanaged =>
        StridedRows.Run(new CompareRow<TOp, T>(op, Cpu(a.Storage).Array<T>(), Cpu(b.Storage).Array<T>(), Cpu(y.Storage).Array<bool>()),
            y.Shape, a.Strides, a.Offset, b.Strides, b.Offset, y.Strides, y.Offset);

    /// <inheritdoc/>
    public override void Where(in StridedBuffer cond, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y)
    {
        switch (a.DType)
        {
            case DType.Float32: WhereTyped<float>(cond, a, b, y); break;
            case DType.Float64: WhereTyped<double>(cond, a, b, y); break;
            case DType.Int32: WhereTyped<int>(cond, a, b, y); break;
            default: WhereTyped<bool>(cond, a, b, y); break;
        }
    }

    private static void WhereTyped<T>(in StridedBuffer cond, in StridedBuffer a, in StridedBuffer b, in StridedBuffer y) where T : unmanaged =>
        StridedRows.Run(new WhereRow<T>(Cpu(cond.Storage).Array<bool>(), Cpu(a.Storage).Array<T>(), Cpu(b.Storage).Array<T>(), Cpu(y.Storage).Array<T>()),
            y.Shape, cond.Strides, cond.Offset, a.Strides, a.Offset, b.Strides, b.Offset, y.Strides, y.Offset);

    private readonly struct FillRow<T>(T[] data, T value) : IRowKernel
    {
        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            for (int i = 0; i < n; i++) data[o0 + i * s0] = value;
        }
    }

    private readonly struct CopyRow<TSrc, TDst>(TSrc[] src, TDst[] dst) : IRowKernel
    {
        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            if (typeof(TSrc) == typeof(TDst))
            {
                var d = (TSrc[])(object)dst;
                for (int i = 0; i < n; i++) d[o1 + i * s1] = src[o0 + i * s0];
                return;
            }
            for (int i = 0; i < n; i++) dst[o1 + i * s1] = FromDouble<TDst>(ToDouble(src[o0 + i * s0]));
        }
    }

    private readonly struct MapRow<TOp, T>(TOp op, T[] x, T[] y) : IRowKernel where TOp : struct, IUnaryOp
    {
        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            var f = op;
            if (typeof(T) == typeof(float))
            {
                var xs = (float[])(object)x;
                var ys = (float[])(object)y;
                if (s0 == 1 && s1 == 1)
                    for (int i = 0; i < n; i++) ys[o1 + i] = f.Apply(xs[o0 + i]);
                else
                    for (int i = 0; i < n; i++) ys[o1 + i * s1] = f.Apply(xs[o0 + i * s0]);
            }
            else
            {
                var xs = (double[])(object)x;
                var ys = (double[])(object)y;
                for (int i = 0; i < n; i++) ys[o1 + i * s1] = f.Apply(xs[o0 + i * s0]);
            }
        }
    }

    private readonly struct ZipRow<TOp, T>(TOp op, T[] a, T[] b, T[] y) : IRowKernel where TOp : struct, IBinaryOp
    {
        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            var f = op;
            if (typeof(T) == typeof(float))
            {
                var xa = (float[])(object)a;
                var xb = (float[])(object)b;
                var ys = (float[])(object)y;
                if (s0 == 1 && s1 == 1 && s2 == 1)
                    for (int i = 0; i < n; i++) ys[o2 + i] = f.Apply(xa[o0 + i], xb[o1 + i]);
                else
                    for (int i = 0; i < n; i++) ys[o2 + i * s2] = f.Apply(xa[o0 + i * s0], xb[o1 + i * s1]);
            }
            else if (typeof(T) == typeof(double))
            {
                var xa = (double[])(object)a;
                var xb = (double[])(object)b;
                var ys = (double[])(object)y;
                for (int i = 0; i < n; i++) ys[o2 + i * s2] = f.Apply(xa[o0 + i * s0], xb[o1 + i * s1]);
            }
            else
            {
                var xa = (int[])(object)a;
                var xb = (int[])(object)b;
                var ys = (int[])(object)y;
                for (int i = 0; i < n; i++) ys[o2 + i * s2] = f.Apply(xa[o0 + i * s0], xb[o1 + i * s1]);
            }
        }
    }

    private readonly struct CompareRow<TOp, T>(TOp op, T[] a, T[] b, bool[] y) : IRowKernel where TOp : struct, ICompareOp
    {
        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            var f = op;
            if (typeof(T) == typeof(float))
            {
                var xa = (float[])(object)a;
                var xb = (float[])(object)b;
                for (int i = 0; i < n; i++) y[o2 + i * s2] = f.Apply(xa[o0 + i * s0], xb[o1 + i * s1]);
            }
            else if (typeof(T) == typeof(double))
            {
                var xa = (double[])(object)a;
                var xb = (double[])(object)b;
                for (int i = 0; i < n; i++) y[o2 + i * s2] = f.Apply(xa[o0 + i * s0], xb[o1 + i * s1]);
            }
            else
            {
                var xa = (int[])(object)a;
                var xb = (int[])(object)b;
                for (int i = 0; i < n; i++) y[o2 + i * s2] = f.Apply(xa[o0 + i * s0], xb[o1 + i * s1]);
            }
        }
    }

    private readonly struct WhereRow<T>(bool[] cond, T[] a, T[] b, T[] y) : IRowKernel
    {
        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            for (int i = 0; i < n; i++) y[o3 + i * s3] = cond[o0 + i * s0] ? a[o1 + i * s1] : b[o2 + i * s2];
        }
    }
}
