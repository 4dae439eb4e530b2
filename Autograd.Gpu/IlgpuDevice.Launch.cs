using ILGPU;
using ILGPU.Runtime;
using Autograd.Gpu.Kernels;

namespace Autograd.Gpu;

// Launch helpers for the implicitly grouped kernels. Every such kernel takes (Index1D thread, Space space, …):
// the space says how many threads to start (one per chunk). A kernel is compiled and loaded the first time it is
// launched on this device and cached by its (statically cached) delegate. One overload per argument count,
// because ILGPU's loaders are typed by the kernel's exact signature.
public sealed partial class IlgpuDevice
{
    private void Launch<T2, T3, T4>(Action<Index1D, Space, T2, T3, T4> kernel, Space space, T2 a2, T3 a3, T4 a4)
        where T2 : struct
        where T3 : struct
        where T4 : struct
    {
        int threads = Layouts.Threads(space);
        if (threads == 0) return;
        Bind();
        var launcher = (Action<Index1D, Space, T2, T3, T4>)_kernels.GetOrAdd(kernel, static (k, a) => a.LoadAutoGroupedStreamKernel((Action<Index1D, Space, T2, T3, T4>)k), _accelerator);
        launcher(threads, space, a2, a3, a4);
    }

    private void Launch<T2, T3, T4, T5>(Action<Index1D, Space, T2, T3, T4, T5> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5)
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
    {
        int threads = Layouts.Threads(space);
        if (threads == 0) return;
        Bind();
        var launcher = (Action<Index1D, Space, T2, T3, T4, T5>)_kernels.GetOrAdd(kernel, static (k, a) => a.LoadAutoGroupedStreamKernel((Action<Index1D, Space, T2, T3, T4, T5>)k), _accelerator);
        launcher(threads, space, a2, a3, a4, a5);
    }

    private void Launch<T2, T3, T4, T5, T6>(Action<Index1D, Space, T2, T3, T4, T5, T6> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
    {
        int threads = Layouts.Threads(space);
        if (threads == 0) return;
        Bind();
        var launcher = (Action<Index1D, Space, T2, T3, T4, T5, T6>)_kernels.GetOrAdd(kernel, static (k, a) => a.LoadAutoGroupedStreamKernel((Action<Index1D, Space, T2, T3, T4, T5, T6>)k), _accelerator);
        launcher(threads, space, a2, a3, a4, a5, a6);
    }

    private void Launch<T2, T3, T4, T5, T6, T7>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7)
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
    {
        int threads = Layouts.Threads(space);
        if (threads == 0) return;
        Bind();
        var launcher = (Action<Index1D, Space, T2, T3, T4, T5, T6, T7>)_kernels.GetOrAdd(kernel, static (k, a) => a.LoadAutoGroupedStreamKernel((Action<Index1D, Space, T2, T3, T4, T5, T6, T7>)k), _accelerator);
        launcher(threads, space, a2, a3, a4, a5, a6, a7);
    }

    private void Launch<T2, T3, T4, T5, T6, T7, T8>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8)
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct
    {
        int threads = Layouts.Threads(space);
        if (threads == 0) return;
        Bind();
        var launcher = (Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8>)_kernels.GetOrAdd(kernel, static (k, a) => a.LoadAutoGroupedStreamKernel((Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8>)k), _accelerator);
        launcher(threads, space, a2, a3, a4, a5, a6, a7, a8);
    }

    private void Launch<T2, T3, T4, T5, T6, T7, T8, T9>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9)
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct
        where T9 : struct
    {
        int threads = Layouts.Threads(space);
        if (threads == 0) return;
        Bind();
        var launcher = (Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9>)_kernels.GetOrAdd(kernel, static (k, a) => a.LoadAutoGroupedStreamKernel((Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9>)k), _accelerator);
        launcher(threads, space, a2, a3, a4, a5, a6, a7, a8, a9);
    }

    private void Launch<T2, T3, T4, T5, T6, T7, T8, T9, T10>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10)
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct
        where T9 : struct
        where T10 : struct
    {
        int threads = Layouts.Threads(space);
        if (threads == 0) return;
        Bind();
        var launcher = (Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10>)_kernels.GetOrAdd(kernel, static (k, a) => a.LoadAutoGroupedStreamKernel((Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10>)k), _accelerator);
        launcher(threads, space, a2, a3, a4, a5, a6, a7, a8, a9, a10);
    }

    private void Launch<T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11)
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
        where T7 : struct
        where T8 : struct
        where T9 : struct
        where T10 : struct
        where T11 : struct
    {
        int threads = Layouts.Threads(space);
        if (threads == 0) return;
        Bind();
        var launcher = (Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>)_kernels.GetOrAdd(kernel, static (k, a) => a.LoadAutoGroupedStreamKernel((Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>)k), _accelerator);
        launcher(threads, space, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
    }
}
