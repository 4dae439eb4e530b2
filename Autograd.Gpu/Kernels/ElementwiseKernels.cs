using ILGPU;

namespace Autograd.Gpu.Kernels;

/// <summary>
/// The elementwise kernel family. Thread t walks its contiguous chunk of the iteration space (one element on a
/// GPU, many on the CPU emulator) and addresses every operand through its own strides, so broadcast (stride 0),
/// transposed and sliced views need no copies.
/// </summary>
internal static class ElementwiseKernels
{
    public static void Fill<T>(Index1D t, Space s, ArrayView<T> y, Strided yl, T value) where T : unmanaged
    {
        int end = s.End(t.X);
        for (int i = s.Start(t.X); i < end; i++) y[yl.At(i, s)] = value;
    }

    /// <summary>y = (TY) x, converting through double (exact for every supported type).</summary>
    public static void Copy<TX, TY, EX, EY>(Index1D t, Space s, ArrayView<TX> x, Strided xl, ArrayView<TY> y, Strided yl)
        where TX : unmanaged where TY : unmanaged where EX : struct, IElement<TX> where EY : struct, IElement<TY>
    {
        int end = s.End(t.X);
        for (int i = s.Start(t.X); i < end; i++) y[yl.At(i, s)] = default(EY).FromDouble(default(EX).ToDouble(x[xl.At(i, s)]));
    }

    public static void Map<T, TF>(Index1D t, Space s, ArrayView<T> x, Strided xl, ArrayView<T> y, Strided yl, TF f)
        where T : unmanaged where TF : struct, IMap<T>
    {
        int end = s.End(t.X);
        for (int i = s.Start(t.X); i < end; i++) y[yl.At(i, s)] = f.Apply(x[xl.At(i, s)]);
    }

    public static void Zip<T, TF>(Index1D t, Space s, ArrayView<T> a, Strided al, ArrayView<T> b, Strided bl, ArrayView<T> y, Strided yl, TF f)
        where T : unmanaged where TF : struct, IZip<T>
    {
        int end = s.End(t.X);
        for (int i = s.Start(t.X); i < end; i++) y[yl.At(i, s)] = f.Apply(a[al.At(i, s)], b[bl.At(i, s)]);
    }

    public static void Compare<T, TF>(Index1D t, Space s, ArrayView<T> a, Strided al, ArrayView<T> b, Strided bl, ArrayView<byte> y, Strided yl, TF f)
        where T : unmanaged where TF : struct, ICompare<T>
    {
        int end = s.End(t.X);
        for (int i = s.Start(t.X); i < end; i++) y[yl.At(i, s)] = f.Apply(a[al.At(i, s)], b[bl.At(i, s)]);
    }

    public static void Where<T>(Index1D t, Space s, ArrayView<byte> c, Strided cl, ArrayView<T> a, Strided al, ArrayView<T> b, Strided bl, ArrayView<T> y, Strided yl)
        where T : unmanaged
    {
        int end = s.End(t.X);
        for (int i = s.Start(t.X); i < end; i++) y[yl.At(i, s)] = c[cl.At(i, s)] != 0 ? a[al.At(i, s)] : b[bl.At(i, s)];
    }
}
