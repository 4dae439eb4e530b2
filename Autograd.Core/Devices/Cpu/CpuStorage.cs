using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Autograd;

/// <summary>CPU memory: a managed array of the element type (float[], double[], int[] or bool[]).</summary>
internal sealed class CpuStorage : Storage
{
    private readonly CpuDevice _device;

    public CpuStorage(CpuDevice device, DType dtype, Array data, int length) : base(device, dtype, length)
    {
        _device = device;
        Data = data;
    }

    /// <summary>The backing array; may be longer than <see cref="Storage.Length"/> when it came from the pool.</summary>
    public Array Data { get; private set; }

    /// <summary>The elements as a span of <typeparamref name="T"/>, which must match <see cref="Storage.DType"/>.</summary>
    public Span<T> Span<T>() where T : unmanaged =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(Data)), Length);

    /// <summary>The backing array typed; kernels index it directly.</summary>
    public T[] Array<T>() => Unsafe.As<T[]>(Data);

    protected override void Free()
    {
        _device.Return(this, Data);
        Data = System.Array.Empty<byte>();
    }
}
