namespace Autograd.Kernels;

/// <summary>
/// A unary op that can also transform a whole contiguous span at once (usually with
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/>). The CPU device uses it on dense rows; the per-element
/// <see cref="IUnaryOp.Apply(float)"/> stays the reference and serves strided views and other devices.
/// </summary>
public interface IVectorUnaryOp : IUnaryOp
{
    /// <summary>y[i] = op(x[i]); x and y are equally long and either the same memory or disjoint.</summary>
    void Apply(ReadOnlySpan<float> x, Span<float> y);

    /// <inheritdoc cref="Apply(ReadOnlySpan{float}, Span{float})"/>
    void Apply(ReadOnlySpan<double> x, Span<double> y);
}

/// <summary>
/// A binary op with whole-span forms for the three dense layouts of a row: two arrays, or one side a broadcast
/// scalar. Same contract as <see cref="IVectorUnaryOp"/>.
/// </summary>
/// <remarks>
/// The members are plain overloads rather than generic methods on purpose: a generic interface method called on a
/// struct through a cast is not devirtualised by the JIT, so it would box the op on every row.
/// </remarks>
public interface IVectorBinaryOp : IBinaryOp
{
    /// <summary>y[i] = op(a[i], b[i]).</summary>
    void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

    /// <summary>y[i] = op(a[i], b).</summary>
    void Apply(ReadOnlySpan<float> a, float b, Span<float> y);

    /// <summary>y[i] = op(a, b[i]).</summary>
    void Apply(float a, ReadOnlySpan<float> b, Span<float> y);

    /// <inheritdoc cref="Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    void Apply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y);

    /// <inheritdoc cref="Apply(ReadOnlySpan{float}, float, Span{float})"/>
    void Apply(ReadOnlySpan<double> a, double b, Span<double> y);

    /// <inheritdoc cref="Apply(float, ReadOnlySpan{float}, Span{float})"/>
    void Apply(double a, ReadOnlySpan<double> b, Span<double> y);
}

/// <summary>
/// A reduction whose fold of a dense row has a vectorised form. Only folds whose result is exactly what the
/// element-by-element <see cref="IReduceOp.Combine(float, float)"/> gives up to the order of additions implement it.
/// </summary>
public interface IVectorReduceOp : IReduceOp
{
    /// <summary>The fold of a non-empty span.</summary>
    float Fold(ReadOnlySpan<float> x);

    /// <inheritdoc cref="Fold(ReadOnlySpan{float})"/>
    double Fold(ReadOnlySpan<double> x);

    /// <summary>acc[i] = Combine(acc[i], x[i]): folds one more row into a row of partial results.</summary>
    void CombineInto(Span<float> acc, ReadOnlySpan<float> x);

    /// <inheritdoc cref="CombineInto(Span{float}, ReadOnlySpan{float})"/>
    void CombineInto(Span<double> acc, ReadOnlySpan<double> x);
}
