namespace Autograd;

/// <summary>
/// A flat, reference-counted block of elements that belongs to one <see cref="Device"/>.
/// Tensors are strided views over a storage; every tensor handle (and every tensor a graph saved for
/// backward) holds one reference, and the memory goes back to the device when the last one is released.
/// </summary>
/// <remarks>
/// Deterministic release matters because device memory (ILGPU buffers) puts no pressure on the .NET GC.
/// The finaliser is only a safety net for handles nobody disposed.
/// </remarks>
public abstract class Storage
{
    private int _references = 1;
    private int _version;

    /// <summary>
    /// Records where the block lives, its element type and its element count; the derived device storage allocates
    /// the memory. The new storage starts with one reference (the caller's) and version 0.
    /// </summary>
    /// <param name="device">The device that owns the memory.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="length">Number of elements (not bytes).</param>
    protected Storage(Device device, DType dtype, int length)
    {
        Device = device;
        DType = dtype;
        Length = length;
    }

    /// <summary>The device that owns the memory.</summary>
    public Device Device { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Size in bytes.</summary>
    public long Bytes => (long)Length * DType.SizeOf();

    /// <summary>True once the last reference was released.</summary>
    public bool IsReleased => Volatile.Read(ref _references) <= 0;

    /// <summary>
    /// Counts in-place modifications. Views and detached tensors share their storage and so share this counter,
    /// exactly as PyTorch shares a version counter between a tensor and its views.
    /// </summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>True when exactly one handle references this storage (the engine may then keep it as a gradient).</summary>
    internal bool IsExclusive => Volatile.Read(ref _references) == 1;

    internal void BumpVersion() => Interlocked.Increment(ref _version);

    internal void AddReference()
    {
        if (Interlocked.Increment(ref _references) <= 1)
            throw new ObjectDisposedException(nameof(Tensor), "The tensor's storage was already released (the tensor was disposed).");
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            GC.SuppressFinalize(this);
            Free();
        }
    }

    /// <summary>Returns the memory to the device. Called exactly once.</summary>
    protected abstract void Free();

    /// <summary>
    /// Safety net for a storage whose handles were never disposed: frees the memory if references remain. It
    /// never runs after <see cref="Release"/> freed the block, which suppresses finalisation.
    /// </summary>
    ~Storage()
    {
        if (Volatile.Read(ref _references) > 0)
            Free();
    }
}
