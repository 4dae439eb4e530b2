using System.Numerics.Tensors;

namespace Autograd.Kernels;

/// <summary>Σ x.</summary>
public readonly struct SumReduce : IVectorReduceOp
{
    /// <inheritdoc/>
    public float Fold(ReadOnlySpan<float> x) => TensorPrimitives.Sum(x);
    /// <inheritdoc/>
    public double Fold(ReadOnlySpan<double> x) => TensorPrimitives.Sum(x);
    /// <inheritdoc/>
    public void CombineInto(Span<float> acc, ReadOnlySpan<float> x) => TensorPrimitives.Add(acc, x, acc);
    /// <inheritdoc/>
    public void CombineInto(Span<double> acc, ReadOnlySpan<double> x) => TensorPrimitives.Add(acc, x, acc);
    /// <inheritdoc/>
    public float Identity32 => 0f;
    /// <inheritdoc/>
    public double Identity64 => 0d;
    /// <inheritdoc/>
    public int IdentityInt => 0;
    /// <inheritdoc/>
    public float Combine(float acc, float x) => acc + x;
    /// <inheritdoc/>
    public double Combine(double acc, double x) => acc + x;
    /// <inheritdoc/>
    public int Combine(int acc, int x) => acc + x;
}

/// <summary>max x; NaN propagates as in PyTorch.</summary>
public readonly struct MaxReduce : IVectorReduceOp
{
    /// <inheritdoc/>
    public float Fold(ReadOnlySpan<float> x) => ExtremumLanes.Fold(x, max: true);
    /// <inheritdoc/>
    public double Fold(ReadOnlySpan<double> x) => ExtremumLanes.Fold(x, max: true);
    /// <inheritdoc/>
    public void CombineInto(Span<float> acc, ReadOnlySpan<float> x) => ExtremumLanes.CombineInto(acc, x, max: true);
    /// <inheritdoc/>
    public void CombineInto(Span<double> acc, ReadOnlySpan<double> x) => ExtremumLanes.CombineInto(acc, x, max: true);
    /// <inheritdoc/>
    public float Identity32 => float.NegativeInfinity;
    /// <inheritdoc/>
    public double Identity64 => double.NegativeInfinity;
    /// <inheritdoc/>
    public int IdentityInt => int.MinValue;
    /// <inheritdoc/>
    public float Combine(float acc, float x) => x > acc || float.IsNaN(x) ? x : acc;
    /// <inheritdoc/>
    public double Combine(double acc, double x) => x > acc || double.IsNaN(x) ? x : acc;
    /// <inheritdoc/>
    public int Combine(int acc, int x) => x > acc ? x : acc;
}

/// <summary>min x; NaN propagates as in PyTorch.</summary>
public readonly struct MinReduce : IVectorReduceOp
{
    /// <inheritdoc/>
    public float Fold(ReadOnlySpan<float> x) => ExtremumLanes.Fold(x, max: false);
    /// <inheritdoc/>
    public double Fold(ReadOnlySpan<double> x) => ExtremumLanes.Fold(x, max: false);
    /// <inheritdoc/>
    public void CombineInto(Span<float> acc, ReadOnlySpan<float> x) => ExtremumLanes.CombineInto(acc, x, max: false);
    /// <inheritdoc/>
    public void CombineInto(Span<double> acc, ReadOnlySpan<double> x) => ExtremumLanes.CombineInto(acc, x, max: false);
    /// <inheritdoc/>
    public float Identity32 => float.PositiveInfinity;
    /// <inheritdoc/>
    public double Identity64 => double.PositiveInfinity;
    /// <inheritdoc/>
    public int IdentityInt => int.MaxValue;
    /// <inheritdoc/>
    public float Combine(float acc, float x) => x < acc || float.IsNaN(x) ? x : acc;
    /// <inheritdoc/>
    public double Combine(double acc, double x) => x < acc || double.IsNaN(x) ? x : acc;
    /// <inheritdoc/>
    public int Combine(int acc, int x) => x < acc ? x : acc;
}
