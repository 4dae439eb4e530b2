using Autograd.Kernels;

namespace Autograd.Gpu.Kernels;

// Core's op structs have one overload per element type (Apply(float), Apply(double), …). A generic kernel over T
// cannot choose an overload, so each op reaches the kernel wrapped in an adapter that fixes T; the op itself, and
// therefore the formula, is exactly the struct the CPU device runs.

internal interface IMap<T> where T : unmanaged
{
    T Apply(T x);
}

internal interface IZip<T> where T : unmanaged
{
    T Apply(T a, T b);
}

/// <summary>A predicate whose Bool result is written as a byte.</summary>
internal interface ICompare<T> where T : unmanaged
{
    byte Apply(T a, T b);
}

internal interface IFold<T> where T : unmanaged
{
    T Identity { get; }
    T Combine(T acc, T x);
}

internal readonly struct MapF32<TOp>(TOp op) : IMap<float> where TOp : struct, IUnaryOp
{
    private readonly TOp _op = op;
    public float Apply(float x) => _op.Apply(x);
}

internal readonly struct MapF64<TOp>(TOp op) : IMap<double> where TOp : struct, IUnaryOp
{
    private readonly TOp _op = op;
    public double Apply(double x) => _op.Apply(x);
}

internal readonly struct ZipF32<TOp>(TOp op) : IZip<float> where TOp : struct, IBinaryOp
{
    private readonly TOp _op = op;
    public float Apply(float a, float b) => _op.Apply(a, b);
}

internal readonly struct ZipF64<TOp>(TOp op) : IZip<double> where TOp : struct, IBinaryOp
{
    private readonly TOp _op = op;
    public double Apply(double a, double b) => _op.Apply(a, b);
}

internal readonly struct ZipI32<TOp>(TOp op) : IZip<int> where TOp : struct, IBinaryOp
{
    private readonly TOp _op = op;
    public int Apply(int a, int b) => _op.Apply(a, b);
}

internal readonly struct CompareF32<TOp>(TOp op) : ICompare<float> where TOp : struct, ICompareOp
{
    private readonly TOp _op = op;
    public byte Apply(float a, float b) => _op.Apply(a, b) ? (byte)1 : (byte)0;
}

internal readonly struct CompareF64<TOp>(TOp op) : ICompare<double> where TOp : struct, ICompareOp
{
    private readonly TOp _op = op;
    public byte Apply(double a, double b) => _op.Apply(a, b) ? (byte)1 : (byte)0;
}

internal readonly struct CompareI32<TOp>(TOp op) : ICompare<int> where TOp : struct, ICompareOp
{
    private readonly TOp _op = op;
    public byte Apply(int a, int b) => _op.Apply(a, b) ? (byte)1 : (byte)0;
}

internal readonly struct FoldF32<TOp>(TOp op) : IFold<float> where TOp : struct, IReduceOp
{
    private readonly TOp _op = op;
    public float Identity => _op.Identity32;
    public float Combine(float acc, float x) => _op.Combine(acc, x);
}

internal readonly struct FoldF64<TOp>(TOp op) : IFold<double> where TOp : struct, IReduceOp
{
    private readonly TOp _op = op;
    public double Identity => _op.Identity64;
    public double Combine(double acc, double x) => _op.Combine(acc, x);
}

internal readonly struct FoldI32<TOp>(TOp op) : IFold<int> where TOp : struct, IReduceOp
{
    private readonly TOp _op = op;
    public int Identity => _op.IdentityInt;
    public int Combine(int acc, int x) => _op.Combine(acc, x);
}
