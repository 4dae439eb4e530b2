using ILGPU;

namespace Autograd.Gpu.Kernels;

/// <summary>
/// Indexing kernels over contiguous operands (the ops make them so). Additions go through
/// <see cref="IElement{T}.AtomicAdd"/> because an index may repeat: two threads can target one element.
/// </summary>
internal static class IndexKernels
{
    /// <summary>y[o, i, r] = x[o, index[i], r]; the space counts the elements of y.</summary>
    public static void IndexSelect<T>(Index1D t, Space s, int count, int extent, int inner,
        ArrayView<T> x, int xOffset, ArrayView<int> index, int indexOffset, ArrayView<T> y, int yOffset)
        where T : unmanaged
    {
        int end = s.End(t.X);
        for (int p = s.Start(t.X); p < end; p++)
        {
            int q = p / inner, r = p - q * inner;
            int o = q / count, i = q - o * count;
            y[yOffset + p] = x[xOffset + (o * extent + index[indexOffset + i]) * inner + r];
        }
    }

    /// <summary>y[o, index[i], r] += src[o, i, r]; the space counts the elements of src.</summary>
    public static void IndexAdd<T, E>(Index1D t, Space s, int count, int extent, int inner,
        ArrayView<T> src, int srcOffset, ArrayView<int> index, int indexOffset, ArrayView<T> y, int yOffset)
        where T : unmanaged where E : struct, IElement<T>
    {
        int end = s.End(t.X);
        for (int p = s.Start(t.X); p < end; p++)
        {
            int q = p / inner, r = p - q * inner;
            int o = q / count, i = q - o * count;
            default(E).AtomicAdd(y, yOffset + (o * extent + index[indexOffset + i]) * inner + r, src[srcOffset + p]);
        }
    }

    /// <summary>
    /// small[p] = big[p with its coordinate along dim replaced by index[p]]. The space is the index's shape and
    /// <paramref name="big"/> holds big's strides with 0 along dim, so it addresses every other coordinate.
    /// </summary>
    public static void Gather<T>(Index1D t, Space s, Strided big, int dimStride,
        ArrayView<T> x, ArrayView<int> index, int indexOffset, ArrayView<T> small, int smallOffset)
        where T : unmanaged
    {
        int end = s.End(t.X);
        for (int p = s.Start(t.X); p < end; p++)
            small[smallOffset + p] = x[big.At(p, s) + index[indexOffset + p] * dimStride];
    }

    /// <summary>big[p with its coordinate along dim replaced by index[p]] += small[p]; the layout as in <see cref="Gather{T}"/>.</summary>
    public static void ScatterAdd<T, E>(Index1D t, Space s, Strided big, int dimStride,
        ArrayView<T> y, ArrayView<int> index, int indexOffset, ArrayView<T> small, int smallOffset)
        where T : unmanaged where E : struct, IElement<T>
    {
        int end = s.End(t.X);
        for (int p = s.Start(t.X); p < end; p++)
            default(E).AtomicAdd(y, big.At(p, s) + index[indexOffset + p] * dimStride, small[smallOffset + p]);
    }
}
