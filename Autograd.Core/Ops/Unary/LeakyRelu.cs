using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>x for x &gt; 0, else negativeSlope·x.</summary>
    public readonly struct LeakyReluOp(double negativeSlope) : IUnaryOp
    {
        private readonly double _slope = negativeSlope;
        private readonly float _slope32 = (float)negativeSlope;

        /// <inheritdoc/>
        public float Apply(float x) => x > 0 ? x : x * _slope32;
        /// <inheritdoc/>
        public double Apply(double x) => x > 0 ? x : x * _slope;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// x for x &gt; 0, else <paramref name="negativeSlope"/>·x, elementwise.
        /// ∂/∂x = 1 for x &gt; 0, else <paramref name="negativeSlope"/>.
        /// </summary>
        public Tensor LeakyRelu(double negativeSlope = 0.01)
        {
            var y = Elementwise.Map("leaky_relu", this, new LeakyReluOp(negativeSlope));
            return Graph.NeedsGrad(this) ? Graph.Record(y, new LeakyReluBackward0(this, negativeSlope)) : y;
        }

        private sealed class LeakyReluBackward0 : Node
        {
            private readonly SavedTensor _x;
            private readonly double _negativeSlope;

            public LeakyReluBackward0(Tensor x, double negativeSlope) : base(x)
            {
                _x = Save(x);
                _negativeSlope = negativeSlope;
            }

            protected internal override Tensor?[] Backward(Tensor g)
            {
                using var positive = _x.Unpack().Gt(0);
                return [Where(positive, g, g * _negativeSlope)];
            }
        }
    }
}
