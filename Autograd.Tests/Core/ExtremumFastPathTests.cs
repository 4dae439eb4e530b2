using Autograd.Kernels;

namespace Autograd.Tests.Core;

/// <summary>
/// The CPU device's vectorised max/min/argmax/argmin against the element-by-element reference (the MaxReduce/MinReduce
/// folds, and the first-NaN-else-first-extreme scan), bit for bit: on sizes 0, 1, primes and sizes that cross the
/// threading threshold; with ties, +0/−0 and NaN; on dense rows, leading-dimension folds and strided views.
/// </summary>
public class ExtremumFastPathTests
{
    private static readonly int[] Sizes = [1, 2, 7, 16, 17, 31, 97, 1031, 70_001];

    private enum Content { Random, TiesAndZeros, ZerosAndMinusOne, ZerosAndOne, WithNaN }

    private static readonly Content[] Contents = [Content.Random, Content.TiesAndZeros, Content.ZerosAndMinusOne, Content.ZerosAndOne, Content.WithNaN];

    /// <summary>
    /// Values of one kind: spread out; drawn from {−1, −0, +0, 1} (ties); from {−1, −0, +0} or {−0, +0, 1} (the maximum,
    /// or the minimum, is a zero, whose sign must be the first zero's); or spread out with two NaNs.
    /// </summary>
    private static double[] Values(int n, Content content, int seed)
    {
        var rng = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = content switch
            {
                Content.TiesAndZeros => rng.Next(4) switch { 0 => -1.0, 1 => -0.0, 2 => 0.0, _ => 1.0 },
                Content.ZerosAndMinusOne => rng.Next(3) switch { 0 => -1.0, 1 => -0.0, _ => 0.0 },
                Content.ZerosAndOne => rng.Next(3) switch { 0 => 1.0, 1 => -0.0, _ => 0.0 },
                _ => rng.NextDouble() * 200 - 100,
            };
        }
        if (content == Content.WithNaN && n > 0)
        {
            values[rng.Next(n)] = double.NaN;
            values[rng.Next(n)] = double.NaN;
        }
        return values;
    }

    private static double ReferenceFold(IEnumerable<double> row, bool max)
    {
        double acc = max ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (double v in row) acc = max ? new MaxReduce().Combine(acc, v) : new MinReduce().Combine(acc, v);
        return acc;
    }

    private static int ReferenceArg(IReadOnlyList<double> row, bool max)
    {
        int best = 0;
        for (int i = 1; i < row.Count && !double.IsNaN(row[best]); i++)
            if (double.IsNaN(row[i]) || (max ? row[i] > row[best] : row[i] < row[best])) best = i;
        return best;
    }

    /// <summary>Bit-identical, except that any NaN equals any NaN (the payload is not specified).</summary>
    private static void AssertSameBits(double actual, double expected, string what)
    {
        if (double.IsNaN(expected)) Assert.That(double.IsNaN(actual), Is.True, what);
        else Assert.That(BitConverter.DoubleToInt64Bits(actual), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"{what}: {actual} vs {expected}");
    }

    private static Tensor Make(double[] values, DType dtype, params int[] shape) =>
        dtype == DType.Float64 ? Tensor.From(values, shape) : Tensor.From(Array.ConvertAll(values, v => (float)v), shape);

    [Test]
    public void WholeTensorMaxAndMinAreBitIdenticalToTheReferenceFold([Values(DType.Float32, DType.Float64)] DType dtype)
    {
        foreach (int n in Sizes)
        foreach (var content in Contents)
        {
            using var x = Make(Values(n, content, n), dtype, n);
            var stored = x.ToDoubleArray();
            foreach (bool max in new[] { true, false })
            {
                using var y = max ? x.Max() : x.Min();
                AssertSameBits(y.ToDoubleArray()[0], ReferenceFold(stored, max), $"{(max ? "max" : "min")}, n = {n}, {content}");
            }
        }
    }

    [Test]
    public void RowwiseValuesAndIndicesMatchTheReferenceWithTiesZerosAndNaN([Values(DType.Float32, DType.Float64)] DType dtype)
    {
        foreach (int n in Sizes)
        foreach (var content in Contents)
        {
            int rows = n > 1000 ? 2 : 5;
            using var x = Make(Values(rows * n, content, 7 * n + (int)content), dtype, rows, n);
            var stored = x.ToDoubleArray();
            foreach (bool max in new[] { true, false })
            {
                var (values, indices) = max ? x.Max(1) : x.Min(1);
                using var arg = max ? x.ArgMax(1) : x.ArgMin(1);
                var v = values.ToDoubleArray();
                var ix = indices.ToArray<int>();
                for (int r = 0; r < rows; r++)
                {
                    var row = stored[(r * n)..((r + 1) * n)];
                    string what = $"{(max ? "max" : "min")}, n = {n}, {content}, row {r}";
                    Assert.That(ix[r], Is.EqualTo(ReferenceArg(row, max)), what);
                    AssertSameBits(v[r], row[ReferenceArg(row, max)], what);
                }
                Assert.That(arg.ToArray<int>(), Is.EqualTo(ix));
                values.Dispose();
                indices.Dispose();
            }
        }
    }

    [Test]
    public void LeadingDimensionFoldsAndStridedViewsMatchTheReference()
    {
        foreach (int n in new[] { 1, 7, 97, 1031 })
        foreach (var content in Contents)
        {
            using var x = Make(Values(n * 6, content, n + 100 * (int)content), DType.Float32, n, 6);
            var stored = x.ToDoubleArray();
            string what = $"n = {n}, {content}";
            // Max over dim 0 folds whole rows into the result; the transposed view reads columns with a stride.
            using var amax = x.Amax([0]);
            using var view = x.T;
            var (viewMin, viewMinIndex) = view.Min(1);
            using var viewArg = view.ArgMax(1);
            var columnMax = amax.ToDoubleArray();
            for (int c = 0; c < 6; c++)
            {
                var column = Enumerable.Range(0, n).Select(r => stored[r * 6 + c]).ToArray();
                AssertSameBits(columnMax[c], ReferenceFold(column, max: true), $"amax {what}, column {c}");
                AssertSameBits(viewMin.ToDoubleArray()[c], column[ReferenceArg(column, max: false)], $"min of view {what}, column {c}");
                Assert.That(viewMinIndex.ToArray<int>()[c], Is.EqualTo(ReferenceArg(column, max: false)), $"argmin of view {what}");
                Assert.That(viewArg.ToArray<int>()[c], Is.EqualTo(ReferenceArg(column, max: true)), $"argmax of view {what}");
            }
            viewMin.Dispose();
            viewMinIndex.Dispose();
        }
    }

    [Test]
    public void RowsOfAnOffsetSliceAreReducedFromTheirOwnStart()
    {
        var values = Values(4 * 97, Content.TiesAndZeros, 3);
        using var x = Make(values, DType.Float32, 4, 97);
        using var slice = x.Narrow(1, 5, 80);
        using var arg = slice.ArgMin(1);
        using var amin = slice.Amin([1]);
        for (int r = 0; r < 4; r++)
        {
            var row = values.Skip(r * 97 + 5).Take(80).Select(v => (double)(float)v).ToArray();
            Assert.That(arg.ToArray<int>()[r], Is.EqualTo(ReferenceArg(row, max: false)));
            AssertSameBits(amin.ToDoubleArray()[r], ReferenceFold(row, max: false), $"row {r}");
        }
    }

    [Test]
    public void ResultsAreTheSameFromRunToRun()
    {
        using var x = Make(Values(8 * 70_001, Content.WithNaN, 5), DType.Float32, 8, 70_001);
        using var first = x.ArgMax(1);
        using var again = x.ArgMax(1);
        using var firstMax = x.Amax([1]);
        using var againMax = x.Amax([1]);
        Assert.That(again.ToArray<int>(), Is.EqualTo(first.ToArray<int>()));
        Assert.That(againMax.ToArray<float>().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(firstMax.ToArray<float>().Select(BitConverter.SingleToInt32Bits)));
    }

    [Test]
    public void AnEmptyRowCannotBeReducedButAnEmptyBatchGivesAnEmptyResult()
    {
        using var empty = Tensor.Zeros([3, 0]);
        Assert.Throws<ArgumentException>(() => empty.ArgMax(1));
        using var noRows = Tensor.Zeros([0, 5]);
        using var arg = noRows.ArgMax(1);
        using var amax = noRows.Amax([1]);
        Assert.That(arg.Shape, Is.EqualTo(new[] { 0 }));
        Assert.That(amax.Shape, Is.EqualTo(new[] { 0 }));
    }
}
