using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Autograd.Bench;

/// <summary>
/// The machine's FP32 FMA peak, measured: every core runs a register-only loop of independent fused multiply-adds.
/// Each call performs <see cref="Flops"/> floating-point operations, so GFLOP/s = Flops / time.
/// </summary>
public class PeakBenchmarks
{
    private const int Iterations = 1 << 20;
    private const int Chains = 12;

    /// <summary>FLOPs per call: cores × iterations × chains × lanes × 2.</summary>
    public static long Flops => (long)Environment.ProcessorCount * Iterations * Chains * Vector512<float>.Count * 2;

    [Benchmark]
    public float FmaPeakAllCores()
    {
        var partial = new float[Environment.ProcessorCount];
        Parallel.For(0, Environment.ProcessorCount, t => partial[t] = Loop());
        return partial.Sum();
    }

    private static float Loop()
    {
        var m = Vector512.Create(0.999999f);
        var add = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector512<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < Iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, add); a1 = Vector512.FusedMultiplyAdd(a1, m, add);
            a2 = Vector512.FusedMultiplyAdd(a2, m, add); a3 = Vector512.FusedMultiplyAdd(a3, m, add);
            a4 = Vector512.FusedMultiplyAdd(a4, m, add); a5 = Vector512.FusedMultiplyAdd(a5, m, add);
            a6 = Vector512.FusedMultiplyAdd(a6, m, add); a7 = Vector512.FusedMultiplyAdd(a7, m, add);
            a8 = Vector512.FusedMultiplyAdd(a8, m, add); a9 = Vector512.FusedMultiplyAdd(a9, m, add);
            a10 = Vector512.FusedMultiplyAdd(a10, m, add); a11 = Vector512.FusedMultiplyAdd(a11, m, add);
        }
        var s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
        return Vector512.Sum(s);
    }
}
