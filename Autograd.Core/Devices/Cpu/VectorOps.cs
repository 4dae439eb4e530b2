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

/// <summary>
/// A binary op whose formula is written once on SIMD lanes (<see cref="Vector{T}"/>), for ops with no single
/// <c>TensorPrimitives</c> call. Devices take it wrapped in <see cref="Lanes{TOp}"/>, which gives it the span forms of
/// <see cref="IVectorBinaryOp"/> through <see cref="LaneLoop"/>.
/// </summary>
public interface ILaneBinaryOp : IBinaryOp
{
    /// <summary>The function on every lane; must round exactly as the scalar <see cref="IBinaryOp.Apply(float, float)"/>.</summary>
    Vector<float> Apply(Vector<float> a, Vector<float> b);

    /// <inheritdoc cref="Apply(Vector{float}, Vector{float})"/>
    Vector<double> Apply(Vector<double> a, Vector<double> b);
}

/// <summary>
/// One pass over y = op(a, b) by whole vectors, then a scalar tail. Each block is read before it is written, so y
/// may be the same memory as a or b (in-place ops), which a sequence of separate span calls would not allow.
/// A span of length 1 against a longer y is a broadcast scalar.
/// </summary>
public static class LaneLoop
{
    /// <summary>y[i] = op(a[i], b[i]), with a or b of length 1 broadcast.</summary>
    public static void Zip<TOp>(TOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) where TOp : struct, ILaneBinaryOp
    {
        int n = y.Length, i = 0, w = Vector<float>.Count;
        bool aOne = a.Length == 1 && n > 1, bOne = b.Length == 1 && n > 1;
        if (Vector.IsHardwareAccelerated)
        {
            var aFixed = aOne ? new Vector<float>(a[0]) : default;
            var bFixed = bOne ? new Vector<float>(b[0]) : default;
            for (; i <= n - w; i += w)
            {
                var va = aOne ? aFixed : new Vector<float>(a.Slice(i, w));
                var vb = bOne ? bFixed : new Vector<float>(b.Slice(i, w));
                op.Apply(va, vb).CopyTo(y.Slice(i, w));
            }
        }
        for (; i < n; i++) y[i] = op.Apply(aOne ? a[0] : a[i], bOne ? b[0] : b[i]);
    }

    /// <inheritdoc cref="Zip{TOp}(TOp, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    public static void Zip<TOp>(TOp op, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y) where TOp : struct, ILaneBinaryOp
    {
        int n = y.Length, i = 0, w = Vector<double>.Count;
        bool aOne = a.Length == 1 && n > 1, bOne = b.Length == 1 && n > 1;
        if (Vector.IsHardwareAccelerated)
        {
            var aFixed = aOne ? new Vector<double>(a[0]) : default;
            var bFixed = bOne ? new Vector<double>(b[0]) : default;
            for (; i <= n - w; i += w)
            {
                var va = aOne ? aFixed : new Vector<double>(a.Slice(i, w));
                var vb = bOne ? bFixed : new Vector<double>(b.Slice(i, w));
                op.Apply(va, vb).CopyTo(y.Slice(i, w));
            }
        }
        for (; i < n; i++) y[i] = op.Apply(aOne ? a[0] : a[i], bOne ? b[0] : b[i]);
    }
}

/// <summary>
/// A lane op as an <see cref="IVectorBinaryOp"/>: its scalar formula for element-by-element paths and GPU kernels,
/// and every span form as one <see cref="LaneLoop"/> pass, so each lane op states only its formula.
/// </summary>
public readonly struct Lanes<TOp>(TOp op) : IVectorBinaryOp where TOp : struct, ILaneBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => op.Apply(a, b);
    /// <inheritdoc/>
    public double Apply(double a, double b) => op.Apply(a, b);
    /// <inheritdoc/>
    public int Apply(int a, int b) => op.Apply(a, b);

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => LaneLoop.Zip(op, a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y) => LaneLoop.Zip(op, a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => LaneLoop.Zip(op, a, new ReadOnlySpan<float>(in b), y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, double b, Span<double> y) => LaneLoop.Zip(op, a, new ReadOnlySpan<double>(in b), y);
    /// <inheritdoc/>
    public void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => LaneLoop.Zip(op, new ReadOnlySpan<float>(in a), b, y);
    /// <inheritdoc/>
    public void Apply(double a, ReadOnlySpan<double> b, Span<double> y) => LaneLoop.Zip(op, new ReadOnlySpan<double>(in a), b, y);
}

/// <summary>Wraps lane ops for devices: <c>Lanes.Of(new LerpOp(w))</c>.</summary>
public static class Lanes
{
    /// <summary><paramref name="op"/> as an <see cref="IVectorBinaryOp"/>.</summary>
    public static Lanes<TOp> Of<TOp>(TOp op) where TOp : struct, ILaneBinaryOp => new(op);
}
