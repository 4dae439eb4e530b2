using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Autograd.Gpu.CuBlas;
using Autograd.Gpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Autograd.Gpu;

/// <summary>
/// A device backed by an ILGPU accelerator: a CUDA GPU, an OpenCL device, or ILGPU's CPU emulator (a simulator
/// of a GPU, slow, for tests). Get one with <see cref="Devices.Get"/>. Every primitive is an ILGPU kernel written
/// once per family and specialised by the same op structs the CPU device runs, so an op's formula exists once.
/// </summary>
/// <remarks>
/// All work is queued on one stream, in order; only host reads (<see cref="Download{T}"/>, and therefore
/// ToArray, Item and ToString) wait for it. Memory comes from a caching allocator: <see cref="Device.LiveBytes"/>
/// counts tensor bytes, <see cref="ReservedBytes"/> what the cache holds from the driver.
/// </remarks>
public sealed partial class IlgpuDevice : Device, IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly CachingAllocator _allocator;
    private readonly ConcurrentDictionary<Delegate, Delegate> _kernels = new();
    private readonly int _threads;
    private readonly CuBlasHandle? _blas;

    internal IlgpuDevice(string name, Accelerator accelerator)
    {
        Name = name;
        _accelerator = accelerator;
        _allocator = new CachingAllocator(accelerator);
        // A GPU runs one thread per element; the emulator runs one OS thread per simulated thread, so there each
        // thread takes a long contiguous chunk instead.
        _threads = accelerator.AcceleratorType == AcceleratorType.CPU ? accelerator.MaxNumThreads : int.MaxValue;
        _blas = accelerator is CudaAccelerator cuda ? CuBlasHandle.TryCreate(cuda) : null;
        GemmTile = PickTile(accelerator.MaxNumThreadsPerGroup);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The accelerator's own name (the GPU model, or "CPUAccelerator").</summary>
    public string AcceleratorName => _accelerator.Name;

    /// <summary>True when matrix products go to cuBLAS rather than the built-in tiled kernel.</summary>
    public bool UsesCuBlas => _blas is not null;

    /// <summary>Side of the square tile of the built-in GEMM kernel (its groups have tile² threads).</summary>
    internal int GemmTile { get; }

    /// <summary>Bytes held from the driver: live tensors plus cached free blocks (like <c>torch.cuda.memory_reserved</c>).</summary>
    public long ReservedBytes => _allocator.ReservedBytes;

    /// <summary>
    /// An upper bound on <see cref="ReservedBytes"/> (null: the device's memory). Allocations beyond it fail with a
    /// <see cref="DeviceOutOfMemoryException"/>, as they would on a smaller GPU.
    /// </summary>
    public long? MemoryLimit
    {
        get => _allocator.Limit;
        set => _allocator.Limit = value;
    }

    /// <summary>Returns every cached free block to the driver (like <c>torch.cuda.empty_cache()</c>).</summary>
    public void EmptyCache()
    {
        Bind();
        _allocator.ReleaseCached();
    }

    /// <summary>Waits until every queued kernel and copy has finished.</summary>
    public void Synchronize() => _accelerator.Synchronize();

    /// <inheritdoc/>
    public override Storage Allocate(DType dtype, int length)
    {
        Bind();
        long bytes = (long)length * dtype.SizeOf();
        var buffer = _allocator.Rent(bytes, out bool fresh) ?? throw new DeviceOutOfMemoryException(
            $"{Name}: out of memory allocating {Megabytes(bytes)} ({length} {dtype.Name()} elements). " +
            $"Allocated: {Megabytes(LiveBytes)}, reserved: {Megabytes(ReservedBytes)}, peak: {Megabytes(PeakBytes)}" +
            (MemoryLimit is long limit ? $", limit: {Megabytes(limit)}." : $", device total: {Megabytes(_accelerator.MemorySize)}."));
        var storage = new IlgpuStorage(this, dtype, length, buffer);
        OnAllocated(storage.Bytes, fresh);
        return storage;
    }

    internal void Return(IlgpuStorage storage, MemoryBuffer1D<byte, Stride1D.Dense> buffer)
    {
        OnFreed(storage.Bytes);
        _allocator.Return(buffer);
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.##} MiB";

    /// <inheritdoc/>
    public override void Upload<T>(ReadOnlySpan<T> src, Storage dst)
    {
        Bind();
        if (typeof(T) == typeof(bool))
            View<byte>(dst).SubView(0, src.Length).CopyFromCPU(_accelerator.DefaultStream, MemoryMarshal.AsBytes(src));
        else
            View<T>(dst).SubView(0, src.Length).CopyFromCPU(_accelerator.DefaultStream, src);
    }

    /// <inheritdoc/>
    public override void Download<T>(in StridedBuffer src, Span<T> dst)
    {
        if (src.Count == 0) return;
        if (!src.IsContiguous)
        {
            using var dense = new DenseCopy(this, src);
            Download(dense.Buffer, dst);
            return;
        }
        Bind();
        _accelerator.DefaultStream.Synchronize();
        if (typeof(T) == typeof(bool))
            View<byte>(src.Storage).SubView(src.Offset, src.Count).CopyToCPU(_accelerator.DefaultStream, MemoryMarshal.AsBytes(dst));
        else
            View<T>(src.Storage).SubView(src.Offset, src.Count).CopyToCPU(_accelerator.DefaultStream, dst);
    }

    /// <summary>A dense temporary copy of a strided view, released on dispose.</summary>
    private readonly struct DenseCopy : IDisposable
    {
        private readonly Storage _storage;

        public DenseCopy(IlgpuDevice device, in StridedBuffer src)
        {
            _storage = device.Allocate(src.DType, src.Count);
            Buffer = new StridedBuffer(_storage, src.Shape, Shape.ContiguousStrides(src.Shape), 0);
            try
            {
                device.Copy(src, Buffer);
            }
            catch
            {
                _storage.Release();
                throw;
            }
        }

        public StridedBuffer Buffer { get; }

        public void Dispose() => _storage.Release();
    }

    /// <summary>
    /// Makes this device's context current on the calling thread (CUDA contexts are per thread); a no-op when it
    /// already is, so every entry point can call it.
    /// </summary>
    private void Bind()
    {
        if (!ReferenceEquals(Accelerator.Current, _accelerator)) _accelerator.Bind();
    }

    internal ArrayView<T> View<T>(Storage storage) where T : unmanaged => Ilgpu(storage).View<T>();

    private IlgpuStorage Ilgpu(Storage storage) => storage as IlgpuStorage is { } s && ReferenceEquals(s.Device, this) ? s
        : throw new InvalidOperationException($"A {storage.Device.Name} tensor reached the {Name} device; move it with To(device) first.");

    private static int PickTile(int maxGroup)
    {
        int tile = 16;
        while (tile > 1 && tile * tile > maxGroup) tile /= 2;
        return tile;
    }

    /// <summary>Releases the cached blocks and the accelerator. Tensors still on this device become unusable.</summary>
    public void Dispose()
    {
        _blas?.Dispose();
        _allocator.Dispose();
        _accelerator.Dispose();
    }
}
