using ILGPU;

namespace Autograd.Gpu.Kernels;

/// <summary>
/// What a generic kernel needs to know about its element type. Kernels are generic over T and one of these
/// structs, because C# cannot pick between an op's float and double overloads from a type parameter.
/// Bool tensors are stored as bytes (0 or 1).
/// </summary>
internal interface IElement<T> where T : unmanaged
{
    /// <summary>The value as a double (exact for every supported type), for casts and comparisons.</summary>
    double ToDouble(T v);

    /// <summary>The double converted as a C# cast does (bool: non-zero is true).</summary>
    T FromDouble(double v);

    /// <summary>target += value, safe when several threads add to one element.</summary>
    void AtomicAdd(ArrayView<T> view, int index, T value);
}

/// <summary>Arithmetic for the floating-point kernels (GEMM, softmax).</summary>
internal interface IFloat<T> : IElement<T> where T : unmanaged
{
    T Zero { get; }
    T Add(T a, T b);
    T Sub(T a, T b);
    T Mul(T a, T b);
    /// <summary>The larger value; NaN propagates like MathF.Max.</summary>
    T Max(T a, T b);
    T Exp(T x);
}

internal readonly struct F32 : IFloat<float>
{
    public double ToDouble(float v) => v;
    public float FromDouble(double v) => (float)v;
    public void AtomicAdd(ArrayView<float> view, int index, float value) => Atomic.Add(ref view[index], value);
    public float Zero => 0f;
    public float Add(float a, float b) => a + b;
    public float Sub(float a, float b) => a - b;
    public float Mul(float a, float b) => a * b;
    public float Max(float a, float b) => float.IsNaN(a) || a > b ? a : b;
    public float Exp(float x) => MathF.Exp(x);
}

internal readonly struct F64 : IFloat<double>
{
    public double ToDouble(double v) => v;
    public double FromDouble(double v) => v;
    public void AtomicAdd(ArrayView<double> view, int index, double value) => Atomic.Add(ref view[index], value);
    public double Zero => 0d;
    public double Add(double a, double b) => a + b;
    public double Sub(double a, double b) => a - b;
    public double Mul(double a, double b) => a * b;
    public double Max(double a, double b) => double.IsNaN(a) || a > b ? a : b;
    public double Exp(double x) => Math.Exp(x);
}

internal readonly struct I32 : IElement<int>
{
    public double ToDouble(int v) => v;
    public int FromDouble(double v) => (int)v;
    public void AtomicAdd(ArrayView<int> view, int index, int value) => Atomic.Add(ref view[index], value);
}

internal readonly struct B8 : IElement<byte>
{
    public double ToDouble(byte v) => v != 0 ? 1d : 0d;
    public byte FromDouble(double v) => v != 0 ? (byte)1 : (byte)0;

    /// <summary>A Bool sum saturates to true, so writing 1 for every true addend is race-free without atomics.</summary>
    public void AtomicAdd(ArrayView<byte> view, int index, byte value)
    {
        if (value != 0) view[index] = 1;
    }
}
