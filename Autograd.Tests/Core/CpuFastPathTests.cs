using Autograd.Kernels;

namespace Autograd.Tests.Core;

/// <summary>
/// The CPU device's vectorised, multi-threaded paths against the per-element reference (the op structs' scalar
/// Apply/Combine), on sizes 0, 1, primes, sizes that cross the threading threshold, strided views and broadcasts.
/// </summary>
public class CpuFastPathTests
{
    // 70_001 is prime and above the size at which dense rows are split across threads; 300_007 also gives each
    // thread's chunk several cache-sized blocks and a partial last one.
    private static readonly int[] Sizes = [0, 1, 7, 16, 17, 97, 1031, 70_001, 300_007];

    private static float[] Values(int n, int seed, float low = -3, float high = 3)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => low + (high - low) * (float)rng.NextDouble()).ToArray();
    }

    private static void AssertUnary<TOp>(Func<Tensor, Tensor> f, TOp op, float low, float high, double tol) where TOp : struct, IUnaryOp
    {
        foreach (int n in Sizes)
        {
            var xs = Values(n, n, low, high);
            using var x = Tensor.From(xs, n);
            using var y = f(x);
            var expected = xs.Select(v => op.Apply(v)).ToArray();
            var actual = y.ToArray<float>();
            if (tol == 0)
            {
                Assert.That(actual, Is.EqualTo(expected), $"n = {n}");
                continue;
            }
            // Relative to the value, but never tighter than a few float ulps of 1 (log near 1 is near 0).
            for (int i = 0; i < n; i++)
                Assert.That(actual[i], Is.EqualTo(expected[i]).Within(tol * Math.Max(1, Math.Abs(expected[i]))), $"n = {n}, x = {xs[i]}");
        }
    }

    [Test]
    public void ExactlyRoundedUnaryOpsAreBitIdenticalToTheScalarReference()
    {
        AssertUnary(x => x.Relu(), new ReluOp(), -3, 3, 0);
        AssertUnary(x => x.Neg(), new NegOp(), -3, 3, 0);
        AssertUnary(x => x.Abs(), new AbsOp(), -3, 3, 0);
        AssertUnary(x => x.Sqrt(), new SqrtOp(), 0, 9, 0);
        AssertUnary(x => x.Reciprocal(), new ReciprocalOp(), 0.5f, 9, 0);
    }

    [Test]
    public void TranscendentalUnaryOpsAgreeWithTheScalarReferenceToFloatTolerance()
    {
        AssertUnary(x => x.Exp(), new ExpOp(), -20, 20, 1e-6);
        AssertUnary(x => x.Log(), new LogOp(), 0.01f, 100, 1e-6);
        AssertUnary(x => x.Tanh(), new TanhOp(), -5, 5, 1e-6);
        AssertUnary(x => x.Sigmoid(), new SigmoidOp(), -10, 10, 1e-6);
    }

    [Test]
    public void ReluKeepsNaNAndMapsNegativeZeroToZero()
    {
        using var x = Tensor.From([float.NaN, -0f, -1f, 2f], 4);
        using var y = x.Relu();
        var v = y.ToArray<float>();
        Assert.That(float.IsNaN(v[0]), Is.True);
        Assert.That(BitConverter.SingleToInt32Bits(v[1]), Is.EqualTo(0), "relu(-0) is +0");
        Assert.That(v[2..], Is.EqualTo(new[] { 0f, 2f }));
    }

    [Test]
    public void BinaryOpsOnDenseAndScalarBroadcastOperandsAreBitIdenticalToTheScalarReference()
    {
        foreach (int n in Sizes)
        {
            var a = Values(n, 2 * n + 1);
            var b = Values(n, 2 * n + 2, 0.5f, 4);
            using var ta = Tensor.From(a, n);
            using var tb = Tensor.From(b, n);
            using var s = Tensor.Scalar(1.75);
            Check(ta + tb, i => a[i] + b[i]);
            Check(ta - tb, i => a[i] - b[i]);
            Check(ta * tb, i => a[i] * b[i]);
            Check(ta / tb, i => a[i] / b[i]);
            Check(ta - s, i => a[i] - 1.75f);
            Check(s - ta, i => 1.75f - a[i]);
            Check(s / tb, i => 1.75f / b[i]);
            Check(ta * s, i => a[i] * 1.75f);

            void Check(Tensor y, Func<int, float> expected)
            {
                Assert.That(y.ToArray<float>(), Is.EqualTo(Enumerable.Range(0, n).Select(expected).ToArray()), $"n = {n}");
                y.Dispose();
            }
        }
    }

    [Test]
    public void StridedAndRowBroadcastOperandsGiveTheSameResultAsDenseOnes()
    {
        var a = Values(37 * 41, 3);
        var b = Values(41, 4);
        using var ta = Tensor.From(a, 37, 41);
        using var tb = Tensor.From(b, 41);
        using var columnMajor = ta.T.Contiguous();
        using var transposed = columnMajor.T;
        using var dense = ta + tb;
        using var strided = transposed + tb;
        var expected = Enumerable.Range(0, a.Length).Select(i => a[i] + b[i % 41]).ToArray();
        Assert.That(dense.ToArray<float>(), Is.EqualTo(expected));
        Assert.That(strided.ToArray<float>(), Is.EqualTo(expected));
        using var exp = transposed.Exp();
        Assert.That(exp.ToArray<float>(), Is.EqualTo(a.Select(MathF.Exp).ToArray()).Within(1e-4).Percent);
    }

    [Test]
    public void InPlaceAddOfADenseTensorMatchesTheOutOfPlaceResult()
    {
        var a = Values(70_001, 5);
        var b = Values(70_001, 6);
        using var ta = Tensor.From(a, a.Length);
        using var tb = Tensor.From(b, b.Length);
        using var sum = ta + tb;
        ta.AddInPlace(tb);
        Assert.That(ta.ToArray<float>(), Is.EqualTo(sum.ToArray<float>()));
    }

    [Test]
    public void SumOverLeadingDimensionsIsBitIdenticalToTheSequentialColumnFold()
    {
        foreach (var (rows, cols) in new[] { (1, 1), (3, 7), (64, 257), (1000, 97), (5, 70_001) })
        {
            var x = Values(rows * cols, rows + cols);
            using var t = Tensor.From(x, rows, cols);
            using var sum = t.Sum(0);
            var expected = new float[cols];
            for (int j = 0; j < cols; j++)
            {
                float acc = 0f;
                for (int i = 0; i < rows; i++) acc += x[i * cols + j];
                expected[j] = acc;
            }
            Assert.That(sum.ToArray<float>(), Is.EqualTo(expected), $"[{rows}, {cols}]");
        }
    }

    [Test]
    public void DenseRowSumsAgreeWithADoublePrecisionSum()
    {
        foreach (int n in Sizes)
        {
            var x = Values(n, 7 * n);
            using var t = Tensor.From(x, n);
            using var sum = t.Sum();
            double expected = x.Sum(v => (double)v);
            Assert.That(sum.Item(), Is.EqualTo(expected).Within(1e-5 * Math.Max(1, n)), $"n = {n}");
        }
    }

    [Test]
    public void SoftmaxAndLogSoftmaxRowsMatchADoublePrecisionReference()
    {
        foreach (var (rows, cols) in new[] { (1, 1), (3, 10), (1000, 10), (7, 63), (7, 97), (300, 131) })
        {
            var x = Values(rows * cols, rows * cols, -30, 30);
            using var t = Tensor.From(x, rows, cols);
            using var softmax = t.Softmax(1);
            using var logSoftmax = t.LogSoftmax(1);
            var expected = new double[x.Length];
            var expectedLog = new double[x.Length];
            for (int r = 0; r < rows; r++)
            {
                var row = x.Skip(r * cols).Take(cols).Select(v => (double)v).ToArray();
                double max = row.Max(), lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
                for (int j = 0; j < cols; j++)
                {
                    expectedLog[r * cols + j] = row[j] - lse;
                    expected[r * cols + j] = Math.Exp(row[j] - lse);
                }
            }
            Assert.That(softmax.ToDoubleArray(), Is.EqualTo(expected).Within(1e-6), $"softmax [{rows}, {cols}]");
            Assert.That(logSoftmax.ToDoubleArray(), Is.EqualTo(expectedLog).Within(1e-4), $"log_softmax [{rows}, {cols}]");
        }
    }

    [Test]
    public void SoftmaxOfEmptyTensorsIsEmpty()
    {
        foreach (var shape in new[] { new[] { 0, 5 }, new[] { 4, 0 } })
        {
            using var t = Tensor.Zeros(shape);
            using var y = t.LogSoftmax(1);
            Assert.That(y.Shape, Is.EqualTo(shape));
        }
    }

    [Test]
    public void SoftmaxOfLargeInputsDoesNotOverflow()
    {
        using var t = Tensor.From([1e4f, 1e4f - 1, -1e4f], 3);
        using var y = t.Softmax(0);
        var v = y.ToArray<float>();
        Assert.That(v.All(float.IsFinite), Is.True);
        Assert.That(v.Sum(), Is.EqualTo(1).Within(1e-6));
    }

    [Test]
    public void ParallelForCoversEveryIndexExactlyOnce()
    {
        const int n = 100_003;
        var hits = new int[n];
        CpuDevice.For(n, 1, (start, end) =>
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref hits[i]);
        });
        Assert.That(hits.All(h => h == 1), Is.True);
    }

    [Test]
    public void ParallelForRethrowsAnExceptionFromAChunk()
    {
        var e = Assert.Throws<InvalidOperationException>(() => CpuDevice.For(100_000, 1, (start, end) =>
        {
            if (start == 0) throw new InvalidOperationException("chunk failed");
        }));
        Assert.That(e!.Message, Is.EqualTo("chunk failed"));
    }
}
