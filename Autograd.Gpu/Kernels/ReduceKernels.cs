using ILGPU;

namespace Autograd.Gpu.Kernels;

/// <summary>Reductions over the trailing dimensions of a strided tensor, and the row-wise softmax.</summary>
internal static class ReduceKernels
{
    /// <summary>
    /// Job j (of outer.Count = rows·parts) folds segment p = j mod parts of row o = j / parts: the inner elements
    /// [p·segment, (p+1)·segment). With parts = 1 a job is a whole row; with parts &gt; 1 the partial results go to a
    /// dense [rows, parts] buffer that a second launch of this same kernel folds, so a long row is spread over many
    /// threads instead of one. xInner has offset 0: it addresses an element relative to its row.
    /// </summary>
    public static void Reduce<T, TF>(Index1D t, Space outer, Strided xOuter, Space inner, Strided xInner, int parts, int segment,
        ArrayView<T> x, ArrayView<T> y, Strided yl, TF f)
        where T : unmanaged where TF : struct, IFold<T>
    {
        int end = outer.End(t.X);
        for (int j = outer.Start(t.X); j < end; j++)
        {
            int o = j / parts, p = j - o * parts;
            int baseOffset = xOuter.At(o, outer);
            int from = p * segment, to = from + segment < inner.Count ? from + segment : inner.Count;
            T acc = f.Identity;
            for (int i = from; i < to; i++) acc = f.Combine(acc, x[baseOffset + xInner.At(i, inner)]);
            y[yl.At(o, outer) * parts + p] = acc;
        }
    }

    /// <summary>Along rows of length n (element stride step): the max (or min) and its first position; NaN wins, as in PyTorch.</summary>
    public static void ArgReduce<T, E>(Index1D t, Space outer, Strided xOuter, int n, int step, int max,
        ArrayView<T> x, ArrayView<T> values, int valuesOffset, ArrayView<int> indices, int indicesOffset)
        where T : unmanaged where E : struct, IElement<T>
    {
        int end = outer.End(t.X);
        for (int o = outer.Start(t.X); o < end; o++)
        {
            int row = xOuter.At(o, outer);
            int best = 0;
            double bestValue = default(E).ToDouble(x[row]);
            for (int i = 1; i < n && !double.IsNaN(bestValue); i++)
            {
                double v = default(E).ToDouble(x[row + i * step]);
                if (double.IsNaN(v) || (max != 0 ? v > bestValue : v < bestValue))
                {
                    best = i;
                    bestValue = v;
                }
            }
            values[valuesOffset + o] = x[row + best * step];
            indices[indicesOffset + o] = best;
        }
    }

    /// <summary>Softmax or log-softmax of contiguous rows of length n; the same arithmetic, in the same order, as the CPU device.</summary>
    public static void Softmax<T, E>(Index1D t, Space rows, int n, int log, ArrayView<T> x, int xOffset, ArrayView<T> y, int yOffset)
        where T : unmanaged where E : struct, IFloat<T>
    {
        var e = default(E);
        int end = rows.End(t.X);
        for (int r = rows.Start(t.X); r < end; r++)
        {
            int xr = xOffset + r * n, yr = yOffset + r * n;
            T max = e.FromDouble(double.NegativeInfinity);
            for (int i = 0; i < n; i++) max = e.Max(max, x[xr + i]);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                T v = e.Exp(e.Sub(x[xr + i], max));
                sum += e.ToDouble(v);
                if (log == 0) y[yr + i] = v;
            }
            if (log != 0)
            {
                T lse = e.Add(max, e.FromDouble(Math.Log(sum)));
                for (int i = 0; i < n; i++) y[yr + i] = e.Sub(x[xr + i], lse);
            }
            else
            {
                T inv = e.FromDouble(1.0 / sum);
                for (int i = 0; i < n; i++) y[yr + i] = e.Mul(y[yr + i], inv);
            }
        }
    }
}
