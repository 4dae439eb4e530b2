using ILGPU;
using ILGPU.Runtime;

namespace Autograd.Gpu;

/// <summary>
/// A size-bucketed cache of device buffers, like PyTorch's CUDA caching allocator: a freed buffer waits in the
/// bucket of its (power-of-two) size for the next request of that size, so a training step that repeats the
/// same shapes allocates nothing from the driver once warmed up. Rounding to powers of two trades up to half of
/// a block for never having to search or split.
/// </summary>
/// <remarks>
/// Buffers are reused in stream order: a kernel that still reads a freed block was queued before any kernel
/// that the new owner launches, on the same stream, so no synchronisation is needed.
/// </remarks>
internal sealed class CachingAllocator(Accelerator accelerator) : IDisposable
{
    private const long MinBlock = 512;
    private readonly Dictionary<long, Stack<MemoryBuffer1D<byte, Stride1D.Dense>>> _free = [];
    private readonly Lock _lock = new();

    /// <summary>Bytes held from the driver: blocks in use plus blocks waiting in the cache.</summary>
    public long ReservedBytes { get; private set; }

    /// <summary>Bytes the cache may hold from the driver in total (null: as much as the device has).</summary>
    public long? Limit { get; set; }

    /// <summary>The block size a request of <paramref name="bytes"/> is served from.</summary>
    public static long BlockSize(long bytes) => bytes <= MinBlock ? MinBlock : (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)bytes);

    /// <summary>
    /// A block of at least <paramref name="bytes"/> bytes, from the cache when one is free (<paramref name="fresh"/>
    /// false) or else from the driver; null when the device is out of memory.
    /// </summary>
    public MemoryBuffer1D<byte, Stride1D.Dense>? Rent(long bytes, out bool fresh)
    {
        long size = BlockSize(bytes);
        lock (_lock)
        {
            fresh = false;
            if (_free.TryGetValue(size, out var stack) && stack.Count > 0) return stack.Pop();
            fresh = true;
            return TryAllocate(size) ?? (ReleaseCached() > 0 ? TryAllocate(size) : null);
        }
    }

    /// <summary>Puts a block back in its bucket.</summary>
    public void Return(MemoryBuffer1D<byte, Stride1D.Dense> buffer)
    {
        lock (_lock)
        {
            if (!_free.TryGetValue(buffer.Length, out var stack)) _free[buffer.Length] = stack = new();
            stack.Push(buffer);
        }
    }

    /// <summary>Gives every cached block back to the driver (like <c>torch.cuda.empty_cache()</c>); returns the bytes released.</summary>
    public long ReleaseCached()
    {
        lock (_lock)
        {
            long released = 0;
            foreach (var stack in _free.Values)
                while (stack.TryPop(out var buffer))
                {
                    released += buffer.Length;
                    buffer.Dispose();
                }
            ReservedBytes -= released;
            return released;
        }
    }

    private MemoryBuffer1D<byte, Stride1D.Dense>? TryAllocate(long size)
    {
        if (Limit is long limit && ReservedBytes + size > limit) return null;
        try
        {
            var buffer = accelerator.Allocate1D<byte>(size);
            // The cache owns the buffer's lifetime. ILGPU's own finaliser must not run: a storage nobody disposed is
            // finalised together with its buffer, in no fixed order, and would hand a freed buffer back to the cache.
            // The typed wrapper and the native buffer inside it each have a finaliser.
            GC.SuppressFinalize(buffer);
            GC.SuppressFinalize(((IArrayView)buffer).Buffer);
            ReservedBytes += size;
            return buffer;
        }
        catch (Exception e) when (e is OutOfMemoryException or AcceleratorException)
        {
            return null;
        }
    }

    public void Dispose() => ReleaseCached();
}
