using System.Numerics;

namespace Autograd.Kernels;

/// <summary>
/// Vectorised max/min folds and the first-position search behind argmax/argmin, with exactly the results of the
/// element-by-element reference folds (<see cref="MaxReduce"/>, <see cref="MinReduce"/>): NaN propagates, and among
/// equal values the first one wins.
/// </summary>
/// <remarks>
/// Each lane of each accumulator folds a strided subset of the elements; a lane takes x over its accumulator under the
/// reference rule (x beats it, or x is NaN). Lanes see the elements out of order, which changes nothing except between +0 and −0, which compare
/// equal: the reference keeps the first zero, so a zero result is replaced by the first zero of the row.
/// </remarks>
internal static class ExtremumLanes
{
    /// <summary>The maximum (or minimum) of a span, as the reference fold from ∓∞ gives it.</summary>
    public static T Fold<T>(ReadOnlySpan<T> x, bool max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector<T>.Count, i = 0;
        T acc = max ? T.NegativeInfinity : T.PositiveInfinity;
        if (Vector.IsHardwareAccelerated && n >= 2 * w)
        {
            // Four independent accumulators: one would leave the loop waiting on its compare-and-select chain.
            var start = new Vector<T>(acc);
            Vector<T> a0 = start, a1 = start, a2 = start, a3 = start;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                a0 = Combine(a0, new Vector<T>(x.Slice(i, w)), max);
                a1 = Combine(a1, new Vector<T>(x.Slice(i + w, w)), max);
                a2 = Combine(a2, new Vector<T>(x.Slice(i + 2 * w, w)), max);
                a3 = Combine(a3, new Vector<T>(x.Slice(i + 3 * w, w)), max);
            }
            for (; i <= n - w; i += w) a0 = Combine(a0, new Vector<T>(x.Slice(i, w)), max);
            var lanes = Combine(Combine(a0, a1, max), Combine(a2, a3, max), max);
            for (int l = 0; l < w; l++) acc = Combine(acc, lanes[l], max);
        }
        for (; i < n; i++) acc = Combine(acc, x[i], max);
        return T.IsZero(acc) ? x[IndexOfFirst(x, acc)] : acc;
    }

    /// <summary>acc[i] = Combine(acc[i], x[i]) for every i: one more row folded into a row of partial results.</summary>
    public static void CombineInto<T>(Span<T> acc, ReadOnlySpan<T> x, bool max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = acc.Length, w = Vector<T>.Count, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - w; i += w)
                Combine(new Vector<T>(acc.Slice(i, w)), new Vector<T>(x.Slice(i, w)), max).CopyTo(acc.Slice(i, w));
        }
        for (; i < n; i++) acc[i] = Combine(acc[i], x[i], max);
    }

    /// <summary>
    /// The position of the first element equal to <paramref name="target"/> (of the first NaN when it is NaN):
    /// with target the row's fold, that is the reference argmax/argmin. −1 when there is none.
    /// </summary>
    public static int IndexOfFirst<T>(ReadOnlySpan<T> x, T target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool nan = T.IsNaN(target);
        int n = x.Length, w = Vector<T>.Count, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var t = new Vector<T>(target);
            for (; i <= n - w; i += w)
            {
                var v = new Vector<T>(x.Slice(i, w));
                if (nan ? !Vector.EqualsAll(v, v) : Vector.EqualsAny(v, t)) break;
            }
        }
        for (; i < n; i++)
            if (nan ? T.IsNaN(x[i]) : x[i] == target) return i;
        return -1;
    }

    private static Vector<T> Combine<T>(Vector<T> acc, Vector<T> x, bool max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var beats = max ? Vector.GreaterThan(x, acc) : Vector.LessThan(x, acc);
        return Vector.ConditionalSelect(beats | ~Vector.Equals(x, x), x, acc);
    }

    private static T Combine<T>(T acc, T x, bool max) where T : unmanaged, IFloatingPointIeee754<T> =>
        (max ? x > acc : x < acc) || T.IsNaN(x) ? x : acc;
}
