namespace Autograd.Tests.Core;

/// <summary>The packed GEMM against a naive triple loop, over awkward sizes and strided operands.</summary>
public class GemmTests
{
    private static double[] Naive(int m, int n, int k, double[] a, int ars, int acs, double[] b, int brs, int bcs)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * ars + p * acs] * b[p * brs + j * bcs];
                c[i * n + j] = s;
            }
        return c;
    }

    [TestCase(1, 1, 1)]
    [TestCase(3, 5, 7)]
    [TestCase(17, 33, 9)]
    [TestCase(130, 70, 300)]
    [TestCase(8, 32, 256)]
    [TestCase(64, 1, 40)]
    // A C with few columns (3, 1) is computed as Cᵀ = Bᵀ·Aᵀ, written through C's transposed strides.
    // Above ~1 MFLOP the product is split across cores: by row blocks (100 rows), by column panels when there are
    // fewer rows than columns (3 and 9 rows, and the transposed 257 × 3).
    [TestCase(257, 3, 1400)]
    [TestCase(100, 100, 105)]
    [TestCase(3, 500, 700)]
    [TestCase(9, 200, 600)]
    // More column panels than one packed block of B holds (128): a wide C, and a tall narrow one after its transposition.
    [TestCase(40, 2100, 300)]
    [TestCase(5000, 3, 5)]
    public void PackedGemmMatchesNaiveProductForRowMajorAndTransposedOperands(int m, int n, int k)
    {
        var rng = new Random(m * 1000 + n * 10 + k);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        foreach (var (ars, acs, brs, bcs) in Layouts(m, n, k))
        {
            var c = new double[m * n];
            Gemm.Multiply(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0);
            Assert.That(c, Is.EqualTo(Naive(m, n, k, a, ars, acs, b, brs, bcs)).Within(1e-12), $"A strides ({ars},{acs}), B strides ({brs},{bcs})");
        }
    }

    /// <summary>Row-major and transposed A, each with row-major and transposed B, as (A row, A column, B row, B column) strides.</summary>
    private static IEnumerable<(int Ars, int Acs, int Brs, int Bcs)> Layouts(int m, int n, int k) =>
        from aStrides in new[] { (k, 1), (1, m) }
        from bStrides in new[] { (n, 1), (1, k) }
        select (aStrides.Item1, aStrides.Item2, bStrides.Item1, bStrides.Item2);

    // Float32 packs row-major A and transposed B through 8×8 register transposes: whole blocks, and the rows and
    // columns left over (k and n not multiples of 8, a last panel with 1-7 or 9-15 columns).
    [TestCase(8, 32, 8)]
    [TestCase(16, 40, 13)]
    [TestCase(67, 45, 513)]
    [TestCase(100, 7, 300)]
    [TestCase(33, 129, 261)]
    public void SinglePrecisionGemmMatchesDoublePrecisionReferenceForEveryOperandLayout(int m, int n, int k)
    {
        var rng = new Random(m + 7 * n + 31 * k);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        foreach (var (ars, acs, brs, bcs) in Layouts(m, n, k))
        {
            var c = new float[m * n];
            Gemm.Multiply(m, n, k, a.Select(v => (float)v).ToArray(), 0, ars, acs, b.Select(v => (float)v).ToArray(), 0, brs, bcs, c, 0);
            var expected = Naive(m, n, k, a, ars, acs, b, brs, bcs);
            Assert.That(c.Select(v => (double)v), Is.EqualTo(expected).Within(1e-4), $"A strides ({ars},{acs}), B strides ({brs},{bcs})");
        }
    }

    [Test]
    public void MultiThreadedGemmIsBitIdenticalFromRunToRun()
    {
        const int m = 150, n = 90, k = 700;
        var rng = new Random(5);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var first = new float[m * n];
        Gemm.Multiply(m, n, k, a, 0, k, 1, b, 0, n, 1, first, 0);
        for (int run = 0; run < 5; run++)
        {
            var again = new float[m * n];
            Gemm.Multiply(m, n, k, a, 0, k, 1, b, 0, n, 1, again, 0);
            Assert.That(again, Is.EqualTo(first), $"run {run}");
        }
    }

    [Test]
    public void SinglePrecisionGemmMatchesDoublePrecisionReference()
    {
        int m = 67, n = 45, k = 513;
        var rng = new Random(5);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var c = new float[m * n];
        Gemm.Multiply(m, n, k, a.Select(v => (float)v).ToArray(), 0, k, 1, b.Select(v => (float)v).ToArray(), 0, n, 1, c, 0);
        var expected = Naive(m, n, k, a, k, 1, b, n, 1);
        for (int i = 0; i < c.Length; i++) Assert.That(c[i], Is.EqualTo(expected[i]).Within(1e-4));
    }
}
