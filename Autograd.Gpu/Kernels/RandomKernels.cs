using ILGPU;

namespace Autograd.Gpu.Kernels;

/// <summary>Random fills from <see cref="Philox"/>, the counter-based generator the CPU device uses.</summary>
internal static class RandomKernels
{
    /// <summary>y[i] = element i of the Philox stream of <paramref name="distribution"/>: the CPU device's exact sequence.</summary>
    public static void FillRandom<T, E>(Index1D t, Space s, ArrayView<T> y, int yOffset,
        RandomDistribution distribution, ulong seed, ulong counter, double a, double b)
        where T : unmanaged where E : struct, IElement<T>
    {
        int end = s.End(t.X);
        for (int i = s.Start(t.X); i < end; i++)
            y[yOffset + i] = default(E).FromDouble(Philox.Sample(distribution, seed, counter, i, a, b));
    }
}
