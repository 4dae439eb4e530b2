using ILGPU;
using ILGPU.Runtime;

namespace Autograd.Gpu;

/// <summary>
/// Device memory for one tensor storage: a byte buffer from the device's <see cref="CachingAllocator"/>, viewed as
/// the element type (Bool as one byte per element). Releasing the last reference hands the buffer back to the
/// cache, not to the driver, so the next storage of that size costs no device allocation.
/// </summary>
internal sealed class IlgpuStorage : Storage
{
    private readonly IlgpuDevice _device;
    private MemoryBuffer1D<byte, Stride1D.Dense>? _buffer;

    public IlgpuStorage(IlgpuDevice device, DType dtype, int length, MemoryBuffer1D<byte, Stride1D.Dense> buffer) : base(device, dtype, length)
    {
        _device = device;
        _buffer = buffer;
    }

    /// <summary>The elements as a view of <typeparamref name="T"/>, exactly <see cref="Storage.Length"/> long.</summary>
    public ArrayView<T> View<T>() where T : unmanaged
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(Tensor), "The tensor's device memory was already released.");
        return ((ArrayView<byte>)buffer.View).Cast<T>().SubView(0, Length);
    }

    /// <summary>The device address of element <paramref name="offset"/> (for cuBLAS).</summary>
    public IntPtr Pointer(int offset) =>
        (_buffer ?? throw new ObjectDisposedException(nameof(Tensor))).NativePtr + checked(offset * DType.SizeOf());

    protected override void Free()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) _device.Return(this, buffer);
    }
}
