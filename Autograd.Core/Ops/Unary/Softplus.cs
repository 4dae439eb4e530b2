using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>ln(1 + e^(βx))/β, or x itself once βx exceeds the threshold (where the two agree to rounding).</summary>
    public readonly struct SoftplusOp(double beta, double threshold) : IUnaryOp
    {
        private readonly double _beta = beta, _threshold = threshold;
        private readonly float _beta32 = (float)beta, _threshold32 = (float)threshold;

        /// <inheritdoc/>
        public float Apply(float x) => x * _beta32 > _threshold32 ? x : SpecialFunctions.Log1p(MathF.Exp(x * _beta32)) / _beta32;
        /// <inheritdoc/>
        public double Apply(double x) => x * _beta > _threshold ? x : SpecialFunctions.Log1p(Math.Exp(x * _beta)) / _beta;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// softplus(x) = ln(1 + e^(βx))/β elementwise, a smooth ReLU; where βx &gt; <paramref name="threshold"/> the result
        /// is x itself (as in PyTorch, for stability). ∂/∂x = σ(βx), or 1 above the threshold.
        /// </summary>
        public Tensor Softplus(double beta = 1, double threshold = 20)
        {
            var y = Elementwise.Map("softplus", this, new SoftplusOp(beta, threshold));
            return Graph.NeedsGrad(this) ? Graph.Record(y, new SoftplusBackward0(this, beta, threshold)) : y;
        }

        private sealed class SoftplusBackward0 : Node
        {
            private readonly SavedTensor _x;
            private readonly double _beta, _threshold;

            public SoftplusBackward0(Tensor x, double beta, double threshold) : base(x)
            {
                _x = Save(x);
                (_beta, _threshold) = (beta, threshold);
            }

            protected internal override Tensor?[] Backward(Tensor g)
            {
                var scaled = _x.Unpack() * _beta;
                using var linear = scaled.Gt(_threshold);
                return [Where(linear, g, g * scaled.Sigmoid())];
            }
        }
    }
}
