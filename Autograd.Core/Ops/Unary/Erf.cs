using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>erf x.</summary>
    public readonly struct ErfOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => SpecialFunctions.Erf(x);
        /// <inheritdoc/>
        public double Apply(double x) => SpecialFunctions.Erf(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>The error function erf x = 2/√π ∫₀ˣ e^(−t²) dt elementwise. ∂/∂x = 2/√π · e^(−x²).</summary>
        public Tensor Erf()
        {
            var y = Elementwise.Map("erf", this, new ErfOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new ErfBackward0(this)) : y;
        }

        private sealed class ErfBackward0 : Node
        {
            private static readonly double TwoOverSqrtPi = 2 / Math.Sqrt(Math.PI);
            private readonly SavedTensor _x;

            public ErfBackward0(Tensor x) : base(x) => _x = Save(x);

            protected internal override Tensor?[] Backward(Tensor g)
            {
                var x = _x.Unpack();
                return [g * (-(x * x)).Exp() * TwoOverSqrtPi];
            }
        }
    }
}
