namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The variance over <paramref name="dims"/> (all when null): Σ(x − mean)² / (n − <paramref name="correction"/>),
    /// n the number of elements folded into each result. correction 1 is the unbiased estimator (PyTorch's default),
    /// 0 the population variance. Shape as for <see cref="Sum(int[], bool)"/>.
    /// ∂/∂x = 2 (x − mean) / (n − correction), times the gradient broadcast back.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or a dimension is out of range or repeated.</exception>
    public Tensor Var(int[]? dims = null, int correction = 1, bool keepDim = false)
    {
        Elementwise.RequireFloat("var", this);
        var d = Reduction.Normalize("var", this, dims);
        Tensor y;
        using (NoGrad()) y = SquaredDeviationSum(d, keepDim, Math.Max(0, Reduction.Count(_shape, d) - correction));
        return Graph.NeedsGrad(this) ? Graph.Record(y, new VarBackward0(this, d, correction, keepDim)) : y;
    }

    /// <summary>Σ(x − mean)² / divisor over the normalised <paramref name="dims"/>; shared by Var and Std.</summary>
    private Tensor SquaredDeviationSum(int[] dims, bool keepDim, int divisor)
    {
        using var mean = Mean(dims, keepDim: true);
        using var deviation = this - mean;
        using var squared = deviation * deviation;
        using var sum = squared.Sum(dims, keepDim);
        return sum / divisor;
    }

    /// <summary>PyTorch's var_backward: 2 (x − mean) / (n − correction) · g. Also the last step of Std's backward.</summary>
    private static Tensor VarianceGradient(Tensor g, Tensor x, int[] dims, int correction, bool keepDim)
    {
        var gKept = Reduction.Unreduce(g, x.ShapeArray, dims, keepDim);
        return gKept * (x - x.Mean(dims, keepDim: true)) * (2.0 / (Reduction.Count(x.ShapeArray, dims) - correction));
    }

    private sealed class VarBackward0 : Node
    {
        private readonly SavedTensor _x;
        private readonly int[] _dims;
        private readonly int _correction;
        private readonly bool _keepDim;

        public VarBackward0(Tensor x, int[] dims, int correction, bool keepDim) : base(x)
        {
            _x = Save(x);
            _dims = dims;
            _correction = correction;
            _keepDim = keepDim;
        }

        protected internal override Tensor?[] Backward(Tensor g) => [VarianceGradient(g, _x.Unpack(), _dims, _correction, _keepDim)];
    }
}
