using Autograd.Gpu;

namespace Autograd.Bench.Gpu;

/// <summary>
/// The ILGPU device the GPU benchmarks run on: <c>$AUTOGRAD_BENCH_DEVICE</c>, default <c>cuda:0</c>. Setting it to
/// <c>ilgpu-cpu</c> runs them on ILGPU's CPU emulator, which checks that they work but measures nothing useful.
/// </summary>
internal static class BenchDevice
{
    public const string EnvironmentVariable = "AUTOGRAD_BENCH_DEVICE";

    public static string Name => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } name ? name : "cuda:0";

    public static IlgpuDevice Open() => Devices.Get(Name) as IlgpuDevice
        ?? throw new InvalidOperationException($"{EnvironmentVariable}={Name} is not an ILGPU device; the GPU benchmarks need cuda:N, opencl:N or ilgpu-cpu.");
}
