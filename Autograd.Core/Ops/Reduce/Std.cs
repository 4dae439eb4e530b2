namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The standard deviation over <paramref name="dims"/> (all when null): √(Σ(x − mean)² / (n − <paramref name="correction"/>)),
    /// n the number of elements folded into each result; correction 1 is PyTorch's default (unbiased variance).
    /// Shape as for <see cref="Sum(int[], bool)"/>. ∂/∂x = (x − mean) / ((n − correction) σ), and 0 where σ = 0.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or a dimension is out of range or repeated.</exception>
    public Tensor Std(int[]? dims = null, int correction = 1, bool keepDim = false)
    {
        Elementwise.RequireFloat("std", this);
        var d = Reduction.Normalize("std", this, dims);
        Tensor y;
        using (NoGrad())
        {
            using var variance = SquaredDeviationSum(d, keepDim, Math.Max(0, Reduction.Count(_shape, d) - correction));
            y = variance.Sqrt();
        }
        return Graph.NeedsGrad(this) ? Graph.Record(y, new StdBackward0(this, d, correction, keepDim)) : y;
    }

    private sealed class StdBackward0 : Node
    {
        private readonly SavedTensor _x;
        private readonly int[] _dims;
        private readonly int _correction;
        private readonly bool _keepDim;
        private SavedTensor? _y;

        public StdBackward0(Tensor x, int[] dims, int correction, bool keepDim) : base(x)
        {
            _x = Save(x);
            _dims = dims;
            _correction = correction;
            _keepDim = keepDim;
        }

        protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

        /// <summary>σ = √var, so ∂σ = ∂var / 2σ. Where σ = 0 the slope is infinite; PyTorch defines the gradient as 0 there.</summary>
        protected internal override Tensor?[] Backward(Tensor g)
        {
            var y = _y!.Unpack();
            var gVariance = (g / (y * 2)).MaskedFill(y.Eq(0), 0);
            return [VarianceGradient(gVariance, _x.Unpack(), _dims, _correction, _keepDim)];
        }
    }
}
