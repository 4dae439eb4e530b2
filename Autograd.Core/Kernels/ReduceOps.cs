using System.Numerics.Tensors;

namespace Autograd.Kernels;

/// <summary>Σ x.</summary>
public readonly struct SumReduce : IVectorReduceOp
{
    public float Fold(ReadOnlySpan<float> x) => TensorPrimitives.Sum(x);
    public double Fold(ReadOnlySpan<double> x) => TensorPrimitives.Sum(x);
    public void CombineInto(Span<float> acc, ReadOnlySpan<float> x) => TensorPrimitives.Add(acc, x, acc);
    public void CombineInto(Span<double> acc, ReadOnlySpan<double> x) => TensorPrimitives.Add(acc, x, acc);
    public float Identity32 => 0f;
    public double Identity64 => 0d;
    public int IdentityInt => 0;
    public float Combine(float acc, float x) => acc + x;
    public double Combine(double acc, double x) => acc + x;
    public int Combine(int acc, int x) => acc + x;
}

/// <summary>max x; NaN propagates as in PyTorch.</summary>
public readonly struct MaxReduce : IVectorReduceOp
{
    public float Fold(ReadOnlySpan<float> x) => ExtremumLanes.Fold(x, max: true);
    public double Fold(ReadOnlySpan<double> x) => ExtremumLanes.Fold(x, max: true);
    public void CombineInto(Span<float> acc, ReadOnlySpan<float> x) => ExtremumLanes.CombineInto(acc, x, max: true);
    public void CombineInto(Span<double> acc, ReadOnlySpan<double> x) => ExtremumLanes.CombineInto(acc, x, max: true);
    public float Identity32 => float.NegativeInfinity;
    public double Identity64 => double.NegativeInfinity;
    public int IdentityInt => int.MinValue;
    public float Combine(float acc, float x) => x > acc || float.IsNaN(x) ? x : acc;
    public double Combine(double acc, double x) => x > acc || double.IsNaN(x) ? x : acc;
    public int Combine(int acc, int x) => x > acc ? x : acc;
}

/// <summary>min x; NaN propagates as in PyTorch.</summary>
public readonly struct MinReduce : IVectorReduceOp
{
    public float Fold(ReadOnlySpan<float> x) => ExtremumLanes.Fold(x, max: false);
    public double Fold(ReadOnlySpan<double> x) => ExtremumLanes.Fold(x, max: false);
    public void CombineInto(Span<float> acc, ReadOnlySpan<float> x) => ExtremumLanes.CombineInto(acc, x, max: false);
    public void CombineInto(Span<double> acc, ReadOnlySpan<double> x) => ExtremumLanes.CombineInto(acc, x, max: false);
    public float Identity32 => float.PositiveInfinity;
    public double Identity64 => double.PositiveInfinity;
    public int IdentityInt => int.MaxValue;
    public float Combine(float acc, float x) => x < acc || float.IsNaN(x) ? x : acc;
    public double Combine(double acc, double x) => x < acc || double.IsNaN(x) ? x : acc;
    public int Combine(int acc, int x) => x < acc ? x : acc;
}
