using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Autograd.Gpu;

/// <summary>
/// Finds devices by name: <c>cpu</c> (the C# reference device), <c>cuda:N</c> (NVIDIA GPUs), <c>opencl:N</c>, and
/// <c>ilgpu-cpu</c> (ILGPU's CPU emulator: every GPU kernel run by a GPU simulator on the CPU, slow, for tests).
/// Each name maps to one device instance for the life of the process.
/// </summary>
public static class Devices
{
    /// <summary>The environment variable that picks <see cref="Default"/> (a device name, e.g. <c>cuda:0</c>).</summary>
    public const string EnvironmentVariable = "AUTOGRAD_DEVICE";

    private static readonly ConcurrentDictionary<string, Device> Opened = new();
    private static readonly Lazy<Context> GpuContext = new(() => Context.Create(b => b.Cuda().OpenCL().EnableAlgorithms()));
    private static readonly Lock OpenLock = new();

    /// <summary>
    /// The device named by <c>AUTOGRAD_DEVICE</c> when it is set; otherwise the first CUDA GPU when there is one,
    /// otherwise the CPU.
    /// </summary>
    public static Device Default =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } name ? Get(name)
        : CudaDevices().Count > 0 ? Get("cuda:0")
        : CpuDevice.Instance;

    /// <summary>The names of every device this machine offers.</summary>
    public static IReadOnlyList<string> Available
    {
        get
        {
            var names = new List<string> { "cpu", "ilgpu-cpu" };
            for (int i = 0; i < CudaDevices().Count; i++) names.Add($"cuda:{i}");
            for (int i = 0; i < OpenClDevices().Count; i++) names.Add($"opencl:{i}");
            return names;
        }
    }

    /// <summary>The device with the given name (<c>cuda</c> means <c>cuda:0</c>, <c>opencl</c> means <c>opencl:0</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a device name, or no such device exists here; the message lists those that do.</exception>
    public static Device Get(string name)
    {
        string key = name.Trim().ToLowerInvariant() switch
        {
            "cuda" => "cuda:0",
            "opencl" => "opencl:0",
            var other => other,
        };
        if (key == "cpu") return CpuDevice.Instance;
        if (Opened.TryGetValue(key, out var device)) return device;
        lock (OpenLock)
        {
            if (Opened.TryGetValue(key, out device)) return device;
            device = Open(name, key);
            Opened[key] = device;
            return device;
        }
    }

    private static Device Open(string name, string key)
    {
        if (key == "ilgpu-cpu") return OpenEmulator();
        int colon = key.IndexOf(':');
        string kind = colon < 0 ? key : key[..colon];
        if ((kind != "cuda" && kind != "opencl") || !int.TryParse(key[(colon + 1)..], out int index) || index < 0)
            throw new ArgumentException($"Unknown device '{name}'. Device names are cpu, ilgpu-cpu, cuda:N and opencl:N; available here: {string.Join(", ", Available)}.");
        var found = kind == "cuda" ? CudaDevices() : OpenClDevices();
        if (index >= found.Count)
        {
            string what = kind == "cuda" ? "CUDA GPU" : "OpenCL device";
            string count = found.Count == 0 ? $"no {what} was found" : $"only {found.Count} {what}(s) were found";
            throw new ArgumentException($"Device '{name}' is not available: {count}. Available devices: {string.Join(", ", Available)}.");
        }
        return new IlgpuDevice(key, found[index].CreateAccelerator(GpuContext.Value));
    }

    /// <summary>
    /// The emulator gets its own context with bounds checks on (an out-of-range access is reported through
    /// <see cref="System.Diagnostics.Trace"/>), because it exists to find bugs before they reach a GPU.
    /// </summary>
    private static IlgpuDevice OpenEmulator()
    {
        var context = Context.Create(b => b.CPU(CPUDeviceKind.Default).Assertions().EnableAlgorithms());
        return new IlgpuDevice("ilgpu-cpu", context.CreateCPUAccelerator(0));
    }

    private static IReadOnlyList<ILGPU.Runtime.Device> CudaDevices() => Probe(context =>
    {
        var found = new List<ILGPU.Runtime.Device>();
        foreach (var device in context.GetCudaDevices()) found.Add(device);
        return found;
    });

    /// <summary>OpenCL devices ILGPU can run its kernels on (it needs the generic address space).</summary>
    private static IReadOnlyList<ILGPU.Runtime.Device> OpenClDevices() => Probe(context =>
    {
        var found = new List<ILGPU.Runtime.Device>();
        foreach (var device in context.GetCLDevices())
            if (device.Capabilities.GenericAddressSpace) found.Add(device);
        return found;
    });

    private static IReadOnlyList<ILGPU.Runtime.Device> Probe(Func<Context, List<ILGPU.Runtime.Device>> list)
    {
        try
        {
            return list(GpuContext.Value);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or AcceleratorException)
        {
            return [];
        }
    }
}
