using Autograd.Gpu;
using BenchmarkDotNet.Attributes;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Autograd.Bench.Gpu;

/// <summary>
/// Out-of-place add of two 64M-float tensors on the GPU against the ceiling for it: a device-to-device copy of the same
/// bytes through ILGPU's own memcpy on the same GPU. Add moves 12 bytes per element (two reads, one write), the copy
/// 8 (one read, one write); the target is add bandwidth ≥ 0.7 × copy bandwidth.
/// </summary>
public class GpuElementwiseBenchmarks
{
    private const int Elements = 1 << 26;

    private IlgpuDevice _device = null!;
    private Tensor _a = null!, _b = null!;
    private Context _context = null!;
    private Accelerator _copyAccelerator = null!;
    private MemoryBuffer1D<float, Stride1D.Dense> _copySource = null!, _copyTarget = null!;

    [GlobalSetup]
    public void Setup()
    {
        _device = BenchDevice.Open();
        var g = new Generator(1);
        _a = Tensor.Rand([Elements], g).To(_device);
        _b = Tensor.Rand([Elements], g).To(_device);

        _context = Context.Create(b => b.Cuda().OpenCL().CPU());
        _copyAccelerator = OpenSameHardware(_context, BenchDevice.Name);
        _copySource = _copyAccelerator.Allocate1D<float>(Elements);
        _copyTarget = _copyAccelerator.Allocate1D<float>(Elements);
    }

    [Benchmark]
    public void Add()
    {
        using var y = _a + _b;
        _device.Synchronize();
    }

    [Benchmark(Baseline = true)]
    public void DeviceToDeviceCopy()
    {
        _copyTarget.View.CopyFrom(_copySource.View);
        _copyAccelerator.Synchronize();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
        _copySource.Dispose();
        _copyTarget.Dispose();
        _copyAccelerator.Dispose();
        _context.Dispose();
    }

    private static Accelerator OpenSameHardware(Context context, string name)
    {
        var parts = name.Split(':');
        int index = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        return parts[0] switch
        {
            "cuda" => context.GetCudaDevices()[index].CreateAccelerator(context),
            "opencl" => OpenClDevicesWithGenericAddressSpace(context)[index].CreateAccelerator(context),
            _ => context.CreateCPUAccelerator(0),
        };
    }

    /// <summary>The OpenCL devices in the order <see cref="Devices"/> numbers them: those with a generic address space.</summary>
    private static List<ILGPU.Runtime.Device> OpenClDevicesWithGenericAddressSpace(Context context)
    {
        var found = new List<ILGPU.Runtime.Device>();
        foreach (var device in context.GetCLDevices())
            if (device.Capabilities.GenericAddressSpace) found.Add(device);
        return found;
    }
}
