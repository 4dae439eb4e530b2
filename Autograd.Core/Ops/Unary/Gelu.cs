using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>x·Φ(x) = ½x(1 + erf(x/√2)).</summary>
    public readonly struct GeluOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => x * 0.5f * (1f + SpecialFunctions.Erf(x * 0.707106781f));
        /// <inheritdoc/>
        public double Apply(double x) => x * 0.5 * (1 + SpecialFunctions.Erf(x * 0.70710678118654752440));
    }

    /// <summary>½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public readonly struct GeluTanhOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => 0.5f * x * (1f + MathF.Tanh(0.797884561f * (x + 0.044715f * x * x * x)));
        /// <inheritdoc/>
        public double Apply(double x) => 0.5 * x * (1 + Math.Tanh(0.79788456080286535588 * (x + 0.044715 * x * x * x)));
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The Gaussian error linear unit x·Φ(x), Φ the standard normal CDF, elementwise:
        /// exactly ½x(1 + erf(x/√2)), or with <paramref name="tanhApproximation"/> ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
        /// (PyTorch's <c>approximate='tanh'</c>). ∂/∂x (exact) = Φ(x) + x·φ(x), φ the normal density.
        /// </summary>
        public Tensor Gelu(bool tanhApproximation = false)
        {
            var y = tanhApproximation ? Elementwise.Map("gelu", this, new GeluTanhOp()) : Elementwise.Map("gelu", this, new GeluOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new GeluBackward0(this, tanhApproximation)) : y;
        }

        private sealed class GeluBackward0 : Node
        {
            private const double Kappa = 0.044715;
            private static readonly double InvSqrt2 = Math.Sqrt(0.5);
            private static readonly double InvSqrt2Pi = 1 / Math.Sqrt(2 * Math.PI);
            private static readonly double Beta = Math.Sqrt(2 / Math.PI);
            private readonly SavedTensor _x;
            private readonly bool _tanh;

            public GeluBackward0(Tensor x, bool tanhApproximation) : base(x)
            {
                _x = Save(x);
                _tanh = tanhApproximation;
            }

            protected internal override Tensor?[] Backward(Tensor g)
            {
                var x = _x.Unpack();
                if (!_tanh)
                {
                    var cdf = 0.5 * (1 + (x * InvSqrt2).Erf());
                    var pdf = (x * x * -0.5).Exp() * InvSqrt2Pi;
                    return [g * (cdf + x * pdf)];
                }
                // y = ½x(1 + t), t = tanh(u), u = β(x + κx³):  dy/dx = ½(1 + t) + ½x(1 − t²)·β(1 + 3κx²).
                var x2 = x * x;
                var t = (Beta * (x + Kappa * x2 * x)).Tanh();
                var left = 0.5 * (1 + t);
                var right = 0.5 * x * (1 - t * t) * (Beta * (1 + 3 * Kappa * x2));
                return [g * (left + right)];
            }
        }
    }
}
