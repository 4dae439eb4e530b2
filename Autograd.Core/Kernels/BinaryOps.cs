using System.Numerics;
using System.Numerics.Tensors;

namespace Autograd.Kernels;

/// <summary>a + b.</summary>
public readonly struct AddOp : IVectorBinaryOp
{
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Add(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y) => TensorPrimitives.Add(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Add(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, double b, Span<double> y) => TensorPrimitives.Add(a, b, y);
    /// <inheritdoc/>
    public void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Add(b, a, y);
    /// <inheritdoc/>
    public void Apply(double a, ReadOnlySpan<double> b, Span<double> y) => TensorPrimitives.Add(b, a, y);
    /// <inheritdoc/>
    public float Apply(float a, float b) => a + b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a + b;
    /// <inheritdoc/>
    public int Apply(int a, int b) => a + b;
}

/// <summary>a − b.</summary>
public readonly struct SubOp : IVectorBinaryOp
{
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Subtract(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y) => TensorPrimitives.Subtract(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Subtract(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, double b, Span<double> y) => TensorPrimitives.Subtract(a, b, y);
    /// <inheritdoc/>
    public void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Subtract(a, b, y);
    /// <inheritdoc/>
    public void Apply(double a, ReadOnlySpan<double> b, Span<double> y) => TensorPrimitives.Subtract(a, b, y);
    /// <inheritdoc/>
    public float Apply(float a, float b) => a - b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a - b;
    /// <inheritdoc/>
    public int Apply(int a, int b) => a - b;
}

/// <summary>a · b.</summary>
public readonly struct MulOp : IVectorBinaryOp
{
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y) => TensorPrimitives.Multiply(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, double b, Span<double> y) => TensorPrimitives.Multiply(a, b, y);
    /// <inheritdoc/>
    public void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(b, a, y);
    /// <inheritdoc/>
    public void Apply(double a, ReadOnlySpan<double> b, Span<double> y) => TensorPrimitives.Multiply(b, a, y);
    /// <inheritdoc/>
    public float Apply(float a, float b) => a * b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a * b;
    /// <inheritdoc/>
    public int Apply(int a, int b) => a * b;
}

/// <summary>a / b (integer division truncates; true division promotes to float before reaching the kernel).</summary>
public readonly struct DivOp : IVectorBinaryOp
{
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Divide(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y) => TensorPrimitives.Divide(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> a, float b, Span<float> y) => TensorPrimitives.Divide(a, b, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> a, double b, Span<double> y) => TensorPrimitives.Divide(a, b, y);
    /// <inheritdoc/>
    public void Apply(float a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Divide(a, b, y);
    /// <inheritdoc/>
    public void Apply(double a, ReadOnlySpan<double> b, Span<double> y) => TensorPrimitives.Divide(a, b, y);
    /// <inheritdoc/>
    public float Apply(float a, float b) => a / b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a / b;
    /// <inheritdoc/>
    public int Apply(int a, int b) => b == 0 ? 0 : a / b;
}

/// <summary>a^b.</summary>
public readonly struct PowOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => MathF.Pow(a, b);
    /// <inheritdoc/>
    public double Apply(double a, double b) => Math.Pow(a, b);
    /// <inheritdoc/>
    public int Apply(int a, int b) => (int)Math.Pow(a, b);
}

/// <summary>max(a, b); NaN propagates.</summary>
public readonly struct MaximumOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => float.IsNaN(a) || a > b ? a : b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => double.IsNaN(a) || a > b ? a : b;
    /// <inheritdoc/>
    public int Apply(int a, int b) => a > b ? a : b;
}

/// <summary>min(a, b); NaN propagates.</summary>
public readonly struct MinimumOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => float.IsNaN(a) || a < b ? a : b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => double.IsNaN(a) || a < b ? a : b;
    /// <inheritdoc/>
    public int Apply(int a, int b) => a < b ? a : b;
}

/// <summary>
/// x ↦ op(x, s): a binary op with its right operand fixed to a scalar, for in-place scalar updates that need no 0-d
/// tensor. s is rounded to the element type first, exactly as a 0-d tensor of that dtype would hold it.
/// </summary>
public readonly struct ScalarOperandOp<TOp>(TOp op, double s) : IVectorUnaryOp where TOp : struct, IVectorBinaryOp
{
    private readonly TOp _op = op;
    private readonly double _s = s;
    private readonly float _s32 = (float)s;

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> x, Span<float> y) => _op.Apply(x, _s32, y);
    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> x, Span<double> y) => _op.Apply(x, _s, y);
    /// <inheritdoc/>
    public float Apply(float x) => _op.Apply(x, _s32);
    /// <inheritdoc/>
    public double Apply(double x) => _op.Apply(x, _s);
}

/// <summary>a + α·b, as PyTorch's add with alpha evaluates it (the product rounded, then the sum).</summary>
public readonly struct ScaledAddOp(double alpha) : ILaneBinaryOp
{
    private readonly double _alpha = alpha;
    private readonly float _alpha32 = (float)alpha;

    /// <inheritdoc/>
    public float Apply(float a, float b) => a + _alpha32 * b;
    /// <inheritdoc/>
    public double Apply(double a, double b) => a + _alpha * b;
    /// <inheritdoc/>
    public int Apply(int a, int b) => a + (int)_alpha * b;

    /// <inheritdoc/>
    public Vector<float> Apply(Vector<float> a, Vector<float> b) => a + new Vector<float>(_alpha32) * b;
    /// <inheritdoc/>
    public Vector<double> Apply(Vector<double> a, Vector<double> b) => a + new Vector<double>(_alpha) * b;
}
