using System.Numerics;

namespace Autograd.Kernels;

/// <summary>
/// A unary op that can also transform a whole contiguous span at once (usually with
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/>). The CPU device uses it on dense rows; the per-element
/// <see cref="IUnaryOp.Apply(float)"/> stays the reference and serves strided views and other devices.
/// </summary>
public interface IVectorUnaryOp : IUnaryOp
{
    /// <summary>y[i] = op(x[i]); x and y are equally long and either the same memory or disjoint.</summary>
    void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>
/// A binary op with whole-span forms for the three dense layouts of a row: two arrays, or one side a broadcast
/// scalar. Same contract as <see cref="IVectorUnaryOp"/>.
/// </summary>
public interface IVectorBinaryOp : IBinaryOp
{
    /// <summary>y[i] = op(a[i], b[i]).</summary>
    void Apply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>y[i] = op(a[i], b).</summary>
    void Apply<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>y[i] = op(a, b[i]).</summary>
    void Apply<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>
/// A reduction whose fold of a dense row has a vectorised form. Only folds whose result is exactly what the
/// element-by-element <see cref="IReduceOp.Combine(float, float)"/> gives up to the order of additions implement it.
/// </summary>
public interface IVectorReduceOp : IReduceOp
{
    /// <summary>The fold of a non-empty span.</summary>
    T Fold<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>acc[i] = Combine(acc[i], x[i]): folds one more row into a row of partial results.</summary>
    void CombineInto<T>(Span<T> acc, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>;
}
