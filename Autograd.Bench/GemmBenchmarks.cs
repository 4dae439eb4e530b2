using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>
/// Square SGEMM through the CPU device's packed GEMM. GFLOP/s = 2·n³ / time; compare with
/// <see cref="PeakBenchmarks"/> from the same run for the fraction of the machine's FMA peak (DGEMM: half of it).
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private double[] _ad = [], _bd = [], _cd = [];

    [Params(64, 128, 256, 512, 1024, 2048)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = Enumerable.Range(0, N * N).Select(_ => (float)rng.NextDouble()).ToArray();
        _b = Enumerable.Range(0, N * N).Select(_ => (float)rng.NextDouble()).ToArray();
        _c = new float[N * N];
        _ad = Array.ConvertAll(_a, v => (double)v);
        _bd = Array.ConvertAll(_b, v => (double)v);
        _cd = new double[N * N];
    }

    [Benchmark]
    public void Sgemm() => Gemm.Multiply(N, N, N, _a, 0, N, 1, _b, 0, N, 1, _c, 0);

    [Benchmark]
    public void SgemmTransposedB() => Gemm.Multiply(N, N, N, _a, 0, N, 1, _b, 0, 1, N, _c, 0);

    [Benchmark]
    public void Dgemm() => Gemm.Multiply(N, N, N, _ad, 0, N, 1, _bd, 0, N, 1, _cd, 0);
}
