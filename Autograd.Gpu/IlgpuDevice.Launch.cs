using ILGPU;
using ILGPU.Runtime;
using Autograd.Gpu.Kernels;

namespace Autograd.Gpu;

// Launching the implicitly grouped kernels. Every such kernel takes (Index1D thread, Space space, …): the space
// says how many threads to start (one per chunk). All the logic lives in Launcher; the Launch overloads only
// spell out each argument count, because C# has no variadic generics and ILGPU's launchers are typed by the
// kernel's exact signature.
public sealed partial class IlgpuDevice
{
    /// <summary>
    /// The launcher of <paramref name="kernel"/> on this device, compiled and loaded the first time it is asked
    /// for and cached by the kernel's method; null when <paramref name="space"/> is empty and there is nothing to run.
    /// <typeparamref name="TLauncher"/> is the kernel's signature with an <see cref="AcceleratorStream"/> in front.
    /// </summary>
    private TLauncher? Launcher<TLauncher>(Delegate kernel, Space space, out Index1D threads) where TLauncher : Delegate
    {
        threads = Layouts.Threads(space);
        if (threads == 0) return null;
        Bind();
        return (TLauncher)_kernels.GetOrAdd(kernel,
            static (k, accelerator) => accelerator.LoadAutoGroupedKernel(k.Method).CreateLauncherDelegate<TLauncher>(), _accelerator);
    }

    private AcceleratorStream Stream => _accelerator.DefaultStream;

    private void Launch<T2, T3, T4>(Action<Index1D, Space, T2, T3, T4> kernel, Space space, T2 a2, T3 a3, T4 a4) =>
        Launcher<Action<AcceleratorStream, Index1D, Space, T2, T3, T4>>(kernel, space, out var n)?.Invoke(Stream, n, space, a2, a3, a4);

    private void Launch<T2, T3, T4, T5>(Action<Index1D, Space, T2, T3, T4, T5> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5) =>
        Launcher<Action<AcceleratorStream, Index1D, Space, T2, T3, T4, T5>>(kernel, space, out var n)?.Invoke(Stream, n, space, a2, a3, a4, a5);

    private void Launch<T2, T3, T4, T5, T6>(Action<Index1D, Space, T2, T3, T4, T5, T6> kernel, Space space, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6) =>
        Launcher<Action<AcceleratorStream, Index1D, Space, T2, T3, T4, T5, T6>>(kernel, space, out var n)?.Invoke(Stream, n, space, a2, a3, a4, a5, a6);

    private void Launch<T2, T3, T4, T5, T6, T7>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7> kernel, Space space,
        T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7) =>
        Launcher<Action<AcceleratorStream, Index1D, Space, T2, T3, T4, T5, T6, T7>>(kernel, space, out var n)?.Invoke(Stream, n, space, a2, a3, a4, a5, a6, a7);

    private void Launch<T2, T3, T4, T5, T6, T7, T8>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8> kernel, Space space,
        T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8) =>
        Launcher<Action<AcceleratorStream, Index1D, Space, T2, T3, T4, T5, T6, T7, T8>>(kernel, space, out var n)?.Invoke(Stream, n, space, a2, a3, a4, a5, a6, a7, a8);

    private void Launch<T2, T3, T4, T5, T6, T7, T8, T9>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9> kernel, Space space,
        T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9) =>
        Launcher<Action<AcceleratorStream, Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9>>(kernel, space, out var n)?.Invoke(Stream, n, space, a2, a3, a4, a5, a6, a7, a8, a9);

    private void Launch<T2, T3, T4, T5, T6, T7, T8, T9, T10>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel, Space space,
        T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10) =>
        Launcher<Action<AcceleratorStream, Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10>>(kernel, space, out var n)?.Invoke(Stream, n, space, a2, a3, a4, a5, a6, a7, a8, a9, a10);

    private void Launch<T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>(Action<Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> kernel, Space space,
        T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11) =>
        Launcher<Action<AcceleratorStream, Index1D, Space, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>>(kernel, space, out var n)?.Invoke(Stream, n, space, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
}
