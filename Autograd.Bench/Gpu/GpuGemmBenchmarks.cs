using Autograd.Gpu;
using BenchmarkDotNet.Attributes;

namespace Autograd.Bench.Gpu;

/// <summary>
/// Square Float32 <c>MatMul</c> on the GPU (cuBLAS when it loads, the tiled ILGPU kernel otherwise), synchronised
/// after each product. GFLOP/s = 2·n³ / time; <c>torch_gpu_reference.py</c> measures <c>torch.matmul</c> the same way.
/// </summary>
public class GpuGemmBenchmarks
{
    private IlgpuDevice _device = null!;
    private Tensor _a = null!, _b = null!;

    [Params(256, 1024, 4096)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _device = BenchDevice.Open();
        var g = new Generator(1);
        _a = Tensor.Rand([N, N], g).To(_device);
        _b = Tensor.Rand([N, N], g).To(_device);
    }

    [Benchmark]
    public void Sgemm()
    {
        using var c = _a.MatMul(_b);
        _device.Synchronize();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }
}
