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
            FillDense(data, dst.Offset, dst.Count, value);
            return;
        }
        StridedRows.Run(new FillRow<T>(data, value), dst.Shape, dst.Strides, dst.Offset, dst.Strides, dst.Offset);
    }

    // Dense fills and copies cost about as little per element as vectorised kernels, so they share their threshold for
    // splitting across cores. The parallel branches are separate methods so that their closures are only allocated
    // when taken (a lambda capturing parameters allocates on entry to the method that declares it).
    private static void FillDense<T>(T[] data, int offset, int count, T value) where T : unmanaged
    {
        if (count < VectorParallelThreshold) data.AsSpan(offset, count).Fill(value);
        else FillParallel(data, offset, count, value);
    }

    private static void FillParallel<T>(T[] data, int offset, int count, T value) where T : unmanaged =>
        For(count, 1, (s, e) => data.AsSpan(offset + s, e - s).Fill(value));

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
            CopyDense((TDst[])(object)s, src.Offset, d, dst.Offset, src.Count);
            return;
        }
        StridedRows.Run(new CopyRow<TSrc, TDst>(s, d), src.Shape, src.Strides, src.Offset, dst.Strides, dst.Offset);
    }

    private static void CopyDense<T>(T[] s, int so, T[] d, int dOff, int count)
    {
        if (count < VectorParallelThreshold) s.AsSpan(so, count).CopyTo(d.AsSpan(dOff, count));
        else CopyParallel(s, so, d, dOff, count);
    }

    private static void CopyParallel<T>(T[] s, int so, T[] d, int dOff, int count) =>
        For(count, 1, (a, b) => s.AsSpan(so + a, b - a).CopyTo(d.AsSpan(dOff + a, b - a)));

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

    /// <summary>
    /// Dense rows of vectorised kernels run on one thread up to this many elements: below it the row is cheaper than
    /// waking a second core.
    /// </summary>
    internal const int VectorParallelThreshold = 1 << 16;

    /// <summary>True when writing y[yo..yo+n) cannot change x[xo..xo+n) before it is read (TensorPrimitives' rule: same start or disjoint).</summary>
    private static bool SafeAlias<T>(T[] x, int xo, int xn, T[] y, int yo, int n) =>
        !ReferenceEquals(x, y) || xo == yo && xn == n || xo + xn <= yo || yo + n <= xo;

    private readonly struct FillRow<T>(T[] data, T value) : IRowKernel
    {
        public int ParallelThreshold => CpuDevice.ParallelThreshold;

        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            for (int i = 0; i < n; i++) data[o0 + i * s0] = value;
        }
    }

    private readonly struct CopyRow<TSrc, TDst>(TSrc[] src, TDst[] dst) : IRowKernel
    {
        public int ParallelThreshold => CpuDevice.ParallelThreshold;

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

    /// <summary>
    /// y = op(x) along one row. A dense row of an <see cref="IVectorUnaryOp"/> goes to its span form; everything else
    /// (strided views, overlapping operands, ops without a span form) runs the per-element reference loop.
    /// </summary>
    private readonly struct MapRow<TOp, T>(TOp op, T[] x, T[] y) : IRowKernel where TOp : struct, IUnaryOp
    {
        public int ParallelThreshold => op is IVectorUnaryOp ? VectorParallelThreshold : CpuDevice.ParallelThreshold;

        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            var f = op;
            bool vector = f is IVectorUnaryOp && n > 0 && s0 == 1 && s1 == 1 && SafeAlias(x, o0, n, y, o1, n);
            if (typeof(T) == typeof(float))
            {
                var xs = (float[])(object)x;
                var ys = (float[])(object)y;
                if (vector) ((IVectorUnaryOp)f).Apply(xs.AsSpan(o0, n), ys.AsSpan(o1, n));
                else for (int i = 0; i < n; i++) ys[o1 + i * s1] = f.Apply(xs[o0 + i * s0]);
            }
            else
            {
                var xs = (double[])(object)x;
                var ys = (double[])(object)y;
                if (vector) ((IVectorUnaryOp)f).Apply(xs.AsSpan(o0, n), ys.AsSpan(o1, n));
                else for (int i = 0; i < n; i++) ys[o1 + i * s1] = f.Apply(xs[o0 + i * s0]);
            }
        }
    }

    /// <summary>y = op(a, b) along one row; dense rows and broadcast scalars of an <see cref="IVectorBinaryOp"/> take its span forms.</summary>
    private readonly struct ZipRow<TOp, T>(TOp op, T[] a, T[] b, T[] y) : IRowKernel where TOp : struct, IBinaryOp
    {
        public int ParallelThreshold => op is IVectorBinaryOp && typeof(T) != typeof(int) ? VectorParallelThreshold : CpuDevice.ParallelThreshold;

        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            var f = op;
            if (typeof(T) == typeof(float))
            {
                if (f is IVectorBinaryOp && s2 == 1 && VectorZip(f, (float[])(object)a, o0, s0, (float[])(object)b, o1, s1, (float[])(object)y, o2, n)) return;
                var xa = (float[])(object)a;
                var xb = (float[])(object)b;
                var ys = (float[])(object)y;
                for (int i = 0; i < n; i++) ys[o2 + i * s2] = f.Apply(xa[o0 + i * s0], xb[o1 + i * s1]);
            }
            else if (typeof(T) == typeof(double))
            {
                if (f is IVectorBinaryOp && s2 == 1 && VectorZip(f, (double[])(object)a, o0, s0, (double[])(object)b, o1, s1, (double[])(object)y, o2, n)) return;
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

    /// <summary>The span form of a binary op for a dense output row, when each input is dense or a broadcast scalar; false otherwise.</summary>
    private static bool VectorZip<TOp>(TOp op, float[] a, int o0, int s0, float[] b, int o1, int s1, float[] y, int o2, int n) where TOp : struct, IBinaryOp
    {
        if (!VectorLayout(a, o0, s0, b, o1, s1, y, o2, n)) return false;
        // The cast sits at each call so the JIT devirtualises it and drops the box; a local of the interface type boxed the op on every call.
        var dst = y.AsSpan(o2, n);
        if (s0 == 1 && s1 == 1) ((IVectorBinaryOp)op).Apply(a.AsSpan(o0, n), b.AsSpan(o1, n), dst);
        else if (s1 == 0) ((IVectorBinaryOp)op).Apply(a.AsSpan(o0, n), b[o1], dst);
        else ((IVectorBinaryOp)op).Apply(a[o0], b.AsSpan(o1, n), dst);
        return true;
    }

    /// <inheritdoc cref="VectorZip{TOp}(TOp, float[], int, int, float[], int, int, float[], int, int)"/>
    private static bool VectorZip<TOp>(TOp op, double[] a, int o0, int s0, double[] b, int o1, int s1, double[] y, int o2, int n) where TOp : struct, IBinaryOp
    {
        if (!VectorLayout(a, o0, s0, b, o1, s1, y, o2, n)) return false;
        // The cast sits at each call so the JIT devirtualises it and drops the box; a local of the interface type boxed the op on every call.
        var dst = y.AsSpan(o2, n);
        if (s0 == 1 && s1 == 1) ((IVectorBinaryOp)op).Apply(a.AsSpan(o0, n), b.AsSpan(o1, n), dst);
        else if (s1 == 0) ((IVectorBinaryOp)op).Apply(a.AsSpan(o0, n), b[o1], dst);
        else ((IVectorBinaryOp)op).Apply(a[o0], b.AsSpan(o1, n), dst);
        return true;
    }

    /// <summary>Each input dense (stride 1) or a scalar (stride 0), not both scalars, and neither overlapping y unsafely.</summary>
    private static bool VectorLayout<T>(T[] a, int o0, int s0, T[] b, int o1, int s1, T[] y, int o2, int n) =>
        n > 0 && (uint)s0 <= 1 && (uint)s1 <= 1 && (s0 | s1) != 0
        && SafeAlias(a, o0, s0 == 1 ? n : 1, y, o2, n) && SafeAlias(b, o1, s1 == 1 ? n : 1, y, o2, n);

    private readonly struct CompareRow<TOp, T>(TOp op, T[] a, T[] b, bool[] y) : IRowKernel where TOp : struct, ICompareOp
    {
        public int ParallelThreshold => CpuDevice.ParallelThreshold;

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
        public int ParallelThreshold => CpuDevice.ParallelThreshold;

        public void Row(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3)
        {
            for (int i = 0; i < n; i++) y[o3 + i * s3] = cond[o0 + i * s0] ? a[o1 + i * s1] : b[o2 + i * s2];
        }
    }
}
