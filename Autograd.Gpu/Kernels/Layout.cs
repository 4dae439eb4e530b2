namespace Autograd.Gpu.Kernels;

/// <summary>
/// The iteration space of one kernel launch: <see cref="Count"/> elements of a shape of up to eight dimensions
/// (right-aligned: D7 is the innermost), handed out to threads in contiguous chunks of <see cref="Chunk"/> elements.
/// </summary>
/// <remarks>
/// A plain struct of ints rather than an ILGPU strided view: it travels as a kernel argument, and views with
/// general strides silently read past their extent (see the ILGPU notes).
/// </remarks>
internal struct Space
{
    public int Count, Chunk, Rank;
    public int D0, D1, D2, D3, D4, D5, D6, D7;

    /// <summary>The element range [start, end) that thread <paramref name="thread"/> handles.</summary>
    public readonly int Start(int thread) => thread * Chunk;

    /// <summary>The end of thread <paramref name="thread"/>'s range.</summary>
    public readonly int End(int thread)
    {
        long end = (long)thread * Chunk + Chunk;
        return end < Count ? (int)end : Count;
    }
}

/// <summary>Where the elements of one operand live: element offset plus one stride per dimension of a <see cref="Space"/>.</summary>
internal struct Strided
{
    public int Offset;
    public int S0, S1, S2, S3, S4, S5, S6, S7;

    /// <summary>The storage offset of the element with row-major position <paramref name="i"/> in <paramref name="space"/>.</summary>
    public readonly int At(int i, Space space)
    {
        if (space.Rank <= 1) return Offset + i * S7;
        int o = Offset, q;
        q = i / space.D7; o += (i - q * space.D7) * S7; i = q;
        q = i / space.D6; o += (i - q * space.D6) * S6; i = q;
        if (space.Rank <= 2) return o;
        q = i / space.D5; o += (i - q * space.D5) * S5; i = q;
        q = i / space.D4; o += (i - q * space.D4) * S4; i = q;
        q = i / space.D3; o += (i - q * space.D3) * S3; i = q;
        q = i / space.D2; o += (i - q * space.D2) * S2; i = q;
        q = i / space.D1; o += (i - q * space.D1) * S1; i = q;
        return o + i * S0;
    }
}
