using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Autograd.Kernels;

namespace Autograd;

public sealed partial class CpuDevice
{
    /// <inheritdoc/>
    public override void Reduce<TOp>(TOp op, in StridedBuffer x, int reducedDims, in StridedBuffer y)
    {
        switch (x.DType)
        {
            case DType.Float32: ReduceTyped<TOp, float>(op, x, reducedDims, y); break;
            case DType.Float64: ReduceTyped<TOp, double>(op, x, reducedDims, y); break;
            default: ReduceTyped<TOp, int>(op, x, reducedDims, y); break;
        }
    }

    private static void ReduceTyped<TOp, T>(TOp op, StridedBuffer x, int reducedDims, StridedBuffer y) where TOp : struct, IReduceOp where T : unmanaged
    {
        var xs = Cpu(x.Storage).Array<T>();
        var ys = Cpu(y.Storage).Array<T>();
        int outerRank = x.Shape.Length - reducedDims;
        ReadOnlySpan<int> outerShape = x.Shape.AsSpan(0, outerRank), outerStrides = x.Strides.AsSpan(0, outerRank);
        int outer = Shape.Numel(outerShape), inner = Shape.Numel(x.Shape.AsSpan(outerRank));
        bool innerDense = Shape.IsContiguous(x.Shape.AsSpan(outerRank), x.Strides.AsSpan(outerRank));
        if (!innerDense && inner > 0 && outer > 0 && op is IVectorReduceOp && typeof(T) != typeof(int)
            && Shape.IsContiguous(outerShape, outerStrides) && Shape.IsContiguous(outerShape, y.Strides))
        {
            FoldColumns(op, xs, x.Offset, x.Shape[outerRank..], x.Strides[outerRank..], outer, ys, y.Offset);
            return;
        }
        For(outer, inner, new FoldRows<TOp, T>(op, xs, x, ys, y, outerRank, innerDense));
    }

    /// <summary>Folds result elements [start, end): each one's input row, dense or strided, into its place in y.</summary>
    private readonly struct FoldRows<TOp, T>(TOp op, T[] xs, StridedBuffer x, T[] ys, StridedBuffer y, int outerRank, bool innerDense) : IRangeBody
        where TOp : struct, IReduceOp where T : unmanaged
    {
        // Only the strided fold walks the reduced dimensions on their own.
        private readonly int[]? _innerShape = innerDense ? null : x.Shape[outerRank..];
        private readonly int[]? _innerStrides = innerDense ? null : x.Strides[outerRank..];

        public void Run(int start, int end)
        {
            int inner = Shape.Numel(x.Shape.AsSpan(outerRank));
            for (int o = start; o < end; o++)
            {
                int xo = x.Offset, yo = y.Offset, rem = o;
                for (int d = outerRank - 1; d >= 0; d--)
                {
                    int i = rem % x.Shape[d];
                    rem /= x.Shape[d];
                    xo += i * x.Strides[d];
                    yo += i * y.Strides[d];
                }
                ys[yo] = innerDense ? FoldDense(op, xs, xo, inner) : FoldStrided(op, xs, xo, _innerShape!, _innerStrides!);
            }
        }
    }

    /// <summary>
    /// Reduces leading dimensions of a tensor whose kept dimensions are dense (the bias gradient: a [N, C] → [C] sum):
    /// whole rows of C are folded into the result one after the other, in the same order as the element-by-element
    /// reference, so the result is bit-identical to it. Threads split the columns, never the fold order.
    /// </summary>
    private static void FoldColumns<TOp, T>(TOp op, T[] xs, int xOffset, int[] innerShape, int[] innerStrides, int outer, T[] ys, int yOffset)
        where TOp : struct, IReduceOp where T : unmanaged =>
        For(outer, Shape.Numel(innerShape), new ColumnFolds<TOp, T>(op, xs, xOffset, innerShape, innerStrides, ys, yOffset));

    /// <summary>Result columns [start, end): every input row's slice of them folded in, in row order.</summary>
    private readonly struct ColumnFolds<TOp, T>(TOp op, T[] xs, int xOffset, int[] innerShape, int[] innerStrides, T[] ys, int yOffset) : IRangeBody
        where TOp : struct, IReduceOp where T : unmanaged
    {
        public void Run(int start, int end)
        {
            var acc = ys.AsSpan(yOffset + start, end - start);
            acc.Fill(typeof(T) == typeof(float) ? (T)(object)op.Identity32 : (T)(object)op.Identity64);
            Span<int> index = stackalloc int[innerShape.Length];
            int rows = Shape.Numel(innerShape), at = xOffset;
            for (int r = 0; r < rows; r++, at = NextOffset(at, index, innerShape, innerStrides))
            {
                var row = xs.AsSpan(at + start, end - start);
                if (typeof(T) == typeof(float)) ((IVectorReduceOp)op).CombineInto(MemoryMarshal.Cast<T, float>(acc), MemoryMarshal.Cast<T, float>(row));
                else ((IVectorReduceOp)op).CombineInto(MemoryMarshal.Cast<T, double>(acc), MemoryMarshal.Cast<T, double>(row));
            }
        }
    }

    private static T FoldDense<TOp, T>(TOp op, T[] xs, int offset, int n) where TOp : struct, IReduceOp
    {
        if (op is IVectorReduceOp && n > 0)
        {
            if (typeof(T) == typeof(float)) return (T)(object)((IVectorReduceOp)op).Fold(new ReadOnlySpan<float>((float[])(object)xs, offset, n));
            if (typeof(T) == typeof(double)) return (T)(object)((IVectorReduceOp)op).Fold(new ReadOnlySpan<double>((double[])(object)xs, offset, n));
        }
        if (typeof(T) == typeof(float))
        {
            var a = (float[])(object)xs;
            // Four partial accumulators: fewer rounding steps in a row, and independent adds pipeline better.
            float p0 = op.Identity32, p1 = op.Identity32, p2 = op.Identity32, p3 = op.Identity32;
            int i = 0;
            for (; i + 4 <= n; i += 4)
            {
                p0 = op.Combine(p0, a[offset + i]);
                p1 = op.Combine(p1, a[offset + i + 1]);
                p2 = op.Combine(p2, a[offset + i + 2]);
                p3 = op.Combine(p3, a[offset + i + 3]);
            }
            for (; i < n; i++) p0 = op.Combine(p0, a[offset + i]);
            float r = op.Combine(op.Combine(p0, p1), op.Combine(p2, p3));
            return (T)(object)r;
        }
        if (typeof(T) == typeof(double))
        {
            var a = (double[])(object)xs;
            double acc = op.Identity64;
            for (int i = 0; i < n; i++) acc = op.Combine(acc, a[offset + i]);
            return (T)(object)acc;
        }
        var ints = (int[])(object)xs;
        int accInt = op.IdentityInt;
        for (int i = 0; i < n; i++) accInt = op.Combine(accInt, ints[offset + i]);
        return (T)(object)accInt;
    }

    private static T FoldStrided<TOp, T>(TOp op, T[] xs, int offset, int[] shape, int[] strides) where TOp : struct, IReduceOp
    {
        int n = Shape.Numel(shape), at = offset;
        Span<int> index = stackalloc int[shape.Length];
        if (typeof(T) == typeof(float))
        {
            var a = (float[])(object)xs;
            float acc = op.Identity32;
            for (int i = 0; i < n; i++, at = NextOffset(at, index, shape, strides)) acc = op.Combine(acc, a[at]);
            return (T)(object)acc;
        }
        if (typeof(T) == typeof(double))
        {
            var a = (double[])(object)xs;
            double acc = op.Identity64;
            for (int i = 0; i < n; i++, at = NextOffset(at, index, shape, strides)) acc = op.Combine(acc, a[at]);
            return (T)(object)acc;
        }
        var ints = (int[])(object)xs;
        int accInt = op.IdentityInt;
        for (int i = 0; i < n; i++, at = NextOffset(at, index, shape, strides)) accInt = op.Combine(accInt, ints[at]);
        return (T)(object)accInt;
    }

    /// <inheritdoc/>
    public override void ArgReduce(bool max, in StridedBuffer x, in StridedBuffer values, in StridedBuffer indices)
    {
        switch (x.DType)
        {
            case DType.Float32: ArgReduceTyped<float>(max, x, values, indices); break;
            case DType.Float64: ArgReduceTyped<double>(max, x, values, indices); break;
            default: ArgReduceTyped<int>(max, x, values, indices); break;
        }
    }

    private static void ArgReduceTyped<T>(bool max, StridedBuffer x, StridedBuffer values, StridedBuffer indices) where T : unmanaged
    {
        var xs = Cpu(x.Storage).Array<T>();
        var vs = Cpu(values.Storage).Array<T>();
        var ix = Cpu(indices.Storage).Array<int>();
        int rank = x.Shape.Length;
        int n = x.Shape[rank - 1], step = x.Strides[rank - 1];
        var outerShape = x.Shape[..(rank - 1)];
        var outerStrides = x.Strides[..(rank - 1)];
        int outer = Shape.Numel(outerShape);
        For(outer, n, (start, end) =>
        {
            for (int o = start; o < end; o++)
            {
                int xo = x.Offset, rem = o;
                for (int d = rank - 2; d >= 0; d--)
                {
                    int i = rem % outerShape[d];
                    rem /= outerShape[d];
                    xo += i * outerStrides[d];
                }
                int best = step == 1 && typeof(T) != typeof(int) ? DenseArgBest(xs, xo, n, max) : ArgBest(xs, xo, n, step, max);
                vs[values.Offset + o] = xs[xo + best * step];
                ix[indices.Offset + o] = best;
            }
        });
    }

    /// <summary>
    /// The reference argmax/argmin of a row: the first NaN if there is one, else the first of the extreme values.
    /// </summary>
    private static int ArgBest<T>(T[] xs, int xo, int n, int step, bool max) where T : unmanaged
    {
        int best = 0;
        double bestValue = ToDouble(xs[xo]);
        for (int i = 1; i < n && !double.IsNaN(bestValue); i++)
        {
            double v = ToDouble(xs[xo + i * step]);
            if (double.IsNaN(v) || (max ? v > bestValue : v < bestValue))
            {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }

    /// <summary>
    /// <see cref="ArgBest{T}"/> of a dense floating-point row in two vectorised sweeps: the extreme value (NaN if any),
    /// then the first position holding it. Same result, since the first NaN or the first extreme is what both find.
    /// </summary>
    private static int DenseArgBest<T>(T[] xs, int xo, int n, bool max)
    {
        if (typeof(T) == typeof(float))
        {
            var row = new ReadOnlySpan<float>((float[])(object)xs, xo, n);
            return ExtremumLanes.IndexOfFirst(row, ExtremumLanes.Fold(row, max));
        }
        var doubles = new ReadOnlySpan<double>((double[])(object)xs, xo, n);
        return ExtremumLanes.IndexOfFirst(doubles, ExtremumLanes.Fold(doubles, max));
    }

    /// <inheritdoc/>
    public override void Softmax(in StridedBuffer x, in StridedBuffer y, bool log)
    {
        int n = x.Shape.Length == 0 ? 1 : x.Shape[^1];
        int rows = n == 0 ? 0 : x.Count / n;
        int xo = x.Offset, yo = y.Offset;
        if (x.DType == DType.Float32) For(rows, n * 4, new SoftmaxBlock<float>(Cpu(x.Storage).Array<float>(), xo, Cpu(y.Storage).Array<float>(), yo, n, log));
        else For(rows, n * 4, new SoftmaxBlock<double>(Cpu(x.Storage).Array<double>(), xo, Cpu(y.Storage).Array<double>(), yo, n, log));
    }

    /// <summary>Rows [start, end) of dense rows of n elements, through <see cref="SoftmaxRows{T}"/>.</summary>
    private readonly struct SoftmaxBlock<T>(T[] xs, int xo, T[] ys, int yo, int n, bool log) : IRangeBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int end) =>
            SoftmaxRows<T>(xs.AsSpan(xo + start * n, (end - start) * n), ys.AsSpan(yo + start * n, (end - start) * n), n, log);
    }

    /// <summary>
    /// Consecutive rows of n elements. Long rows go one by one through <see cref="SoftmaxRow{T}"/>; short rows (class
    /// scores of a classifier, n = 10) would spend their time in per-call overhead there, so they share one
    /// vectorised exp over the whole block, with the max, sum and scale done per row by simple loops.
    /// </summary>
    private static void SoftmaxRows<T>(ReadOnlySpan<T> x, Span<T> y, int n, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty) return;
        int rows = x.Length / n;
        if (n >= ShortSoftmaxRow)
        {
            for (int r = 0; r < rows; r++) SoftmaxRow(x.Slice(r * n, n), y.Slice(r * n, n), log);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * n, n);
            var yr = y.Slice(r * n, n);
            T max = RowMax(xr);
            for (int i = 0; i < n; i++) yr[i] = xr[i] - max;
        }
        TensorPrimitives.Exp(y, y);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * n, n);
            var yr = y.Slice(r * n, n);
            T sum = T.Zero;
            foreach (T v in yr) sum += v;
            if (log)
            {
                T lse = RowMax(xr) + T.Log(sum);
                for (int i = 0; i < n; i++) yr[i] = xr[i] - lse;
            }
            else
            {
                T inv = T.One / sum;
                for (int i = 0; i < n; i++) yr[i] *= inv;
            }
        }
    }

    /// <summary>Rows shorter than this take the block path of <see cref="SoftmaxRows{T}"/>.</summary>
    private const int ShortSoftmaxRow = 64;

    /// <summary>The maximum of a non-empty row; NaN if any element is NaN (like TensorPrimitives.Max).</summary>
    private static T RowMax<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = x[0];
        for (int i = 1; i < x.Length; i++) max = T.Max(max, x[i]);
        return max;
    }

    /// <summary>
    /// One row in three vectorised sweeps over data that stays in the L1 cache: the maximum, exp(x − max) into y
    /// together with its sum, then the scale (softmax) or the shift by the log-sum-exp (log-softmax). Subtracting the
    /// maximum first keeps exp from overflowing at inputs like 1e4.
    /// </summary>
    private static void SoftmaxRow<T>(ReadOnlySpan<T> x, Span<T> y, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length == 0) return;
        T max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        T sum = TensorPrimitives.Sum<T>(y);
        if (log) TensorPrimitives.Subtract(x, max + T.Log(sum), y);
        else TensorPrimitives.Multiply(y, T.One / sum, y);
    }
}
