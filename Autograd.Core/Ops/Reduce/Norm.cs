using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The vector p-norm over <paramref name="dims"/> (all when null): (Σ|x|ᵖ)^(1/p). The default p = 2 over every
    /// element is the Frobenius norm. p = ∞ is max|x|, p = −∞ min|x|, p = 0 the number of non-zero elements.
    /// Shape as for <see cref="Sum(int[], bool)"/>. ∂/∂x = sign(x)·|x|ᵖ⁻¹ / ‖x‖ᵖ⁻¹ (for p = 2: x / ‖x‖), defined
    /// as 0 where the norm is 0, as in PyTorch; for p = ±∞ the gradient is shared among the elements of extreme |x|.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The tensor is not floating-point, a dimension is out of range or repeated, or p = ±∞ over an empty dimension.
    /// </exception>
    public Tensor Norm(double p = 2, int[]? dims = null, bool keepDim = false)
    {
        Elementwise.RequireFloat("norm", this);
        var d = double.IsInfinity(p) ? Reduction.NormalizeNonEmpty("norm", this, dims ?? []) : Reduction.Normalize("norm", this, dims);
        Tensor y;
        using (NoGrad())
        {
            using var abs = Abs();
            y = p switch
            {
                2 => SqrtOfSumOfSquares(d, keepDim),
                1 => abs.Sum(d, keepDim),
                0 => CountNonZero(d, keepDim),
                double.PositiveInfinity => Reduction.Run("norm", abs, d, keepDim, new MaxReduce()),
                double.NegativeInfinity => Reduction.Run("norm", abs, d, keepDim, new MinReduce()),
                _ => RootOfSumOfPowers(abs, p, d, keepDim),
            };
        }
        return Graph.NeedsGrad(this) ? Graph.Record(y, new LinalgVectorNormBackward0(this, p, d, keepDim)) : y;
    }

    private Tensor SqrtOfSumOfSquares(int[] dims, bool keepDim)
    {
        using var squares = this * this;
        using var sum = squares.Sum(dims, keepDim);
        return sum.Sqrt();
    }

    private Tensor CountNonZero(int[] dims, bool keepDim)
    {
        using var nonZero = Ne(0);
        using var asFloat = nonZero.To(DType);
        return asFloat.Sum(dims, keepDim);
    }

    private static Tensor RootOfSumOfPowers(Tensor abs, double p, int[] dims, bool keepDim)
    {
        using var powers = abs.Pow(p);
        using var sum = powers.Sum(dims, keepDim);
        return sum.Pow(1 / p);
    }

    /// <summary>PyTorch's norm_backward, case by case; the gradient arrives in the reduced shape.</summary>
    private sealed class LinalgVectorNormBackward0 : Node
    {
        private readonly SavedTensor _x;
        private readonly double _p;
        private readonly int[] _dims;
        private readonly bool _keepDim;
        private SavedTensor? _norm;

        public LinalgVectorNormBackward0(Tensor x, double p, int[] dims, bool keepDim) : base(x)
        {
            _x = Save(x);
            _p = p;
            _dims = dims;
            _keepDim = keepDim;
        }

        protected internal override void OnOutput(Tensor output) => _norm = SaveOutput(output);

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var x = _x.Unpack();
            var norm = Reduction.Unreduce(_norm!.Unpack(), x.ShapeArray, _dims, _keepDim);
            var gKept = Reduction.Unreduce(g, x.ShapeArray, _dims, _keepDim);
            double p = _p;
            if (p == 0) return [ZerosLike(x)];
            if (p == 1) return [x.Sign() * gKept];
            if (p == 2) return [gKept * (x / norm).MaskedFill(norm.Eq(0), 0)];
            if (double.IsInfinity(p)) return [x.Sign() * Reduction.ShareAmongTies(g, x.Abs(), _norm.Unpack(), _dims, _keepDim)];
            if (p < 1)
            {
                // |x|^(p−1) is infinite at x = 0; the subgradient PyTorch picks there is 0.
                var scaled = x.Sign() * x.Abs().Pow(p - 1).MaskedFill(x.Eq(0), 0);
                return [scaled * gKept * norm.Pow(1 - p)];
            }
            var direction = p < 2 ? x.Sign() * x.Abs().Pow(p - 1) : x * x.Abs().Pow(p - 2);
            return [direction * (gKept / norm.Pow(p - 1)).MaskedFill(norm.Eq(0), 0)];
        }
    }
}
