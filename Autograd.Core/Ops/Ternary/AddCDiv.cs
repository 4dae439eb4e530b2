using System.Numerics;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>(value·a)/b, in PyTorch's addcdiv order, so adding it to x rounds exactly as <c>addcdiv_</c> does.</summary>
    public readonly struct ScaledDivOp(double value) : ILaneBinaryOp
    {
        private readonly double _v = value;
        private readonly float _v32 = (float)value;

        /// <inheritdoc/>
        public float Apply(float a, float b) => _v32 * a / b;
        /// <inheritdoc/>
        public double Apply(double a, double b) => _v * a / b;
        /// <inheritdoc/>
        public int Apply(int a, int b) => b == 0 ? 0 : (int)_v * a / b;

        /// <inheritdoc/>
        public Vector<float> Apply(Vector<float> a, Vector<float> b) => new Vector<float>(_v32) * a / b;
        /// <inheritdoc/>
        public Vector<double> Apply(Vector<double> a, Vector<double> b) => new Vector<double>(_v) * a / b;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// x ← x + value·t₁/t₂ in place (PyTorch's <c>addcdiv_</c>); t₁ and t₂ broadcast to x's shape, and x must be
        /// floating-point. Optimizers use it for the Adam update without a temporary tensor.
        /// ∂/∂x = 1, ∂/∂t₁ = value/t₂, ∂/∂t₂ = −value·t₁/t₂².
        /// </summary>
        public Tensor AddCDivInPlace(Tensor tensor1, Tensor tensor2, double value = 1) =>
            AddInPlaceOf("addcdiv_", Lanes.Of(new ScaledDivOp(value)), tensor1, tensor2, value, static (x, t1, t2, v) => new AddcdivBackward0(x, t1, t2, v));

        private sealed class AddcdivBackward0 : Node
        {
            private readonly SavedTensor? _t1, _t2;
            private readonly double _value;

            public AddcdivBackward0(Tensor x, Tensor t1, Tensor t2, double value) : base(x, t1, t2)
            {
                if (NeedsInputGrad(2)) _t1 = Save(t1);
                if (NeedsInputGrad(1) || NeedsInputGrad(2)) _t2 = Save(t2);
                _value = value;
            }

            protected internal override Tensor?[] Backward(Tensor g)
            {
                Tensor? g1 = null, g2 = null;
                var t2 = _t2?.Unpack();
                if (NeedsInputGrad(1))
                {
                    using var scale = _value / t2!;
                    g1 = g * scale;
                }
                if (NeedsInputGrad(2))
                {
                    using var minusG = -g;
                    using var numerator = _t1!.Unpack() * _value;
                    using var product = minusG * numerator;
                    using var square = t2! * t2!;
                    g2 = product / square;
                }
                return [NeedsInputGrad(0) ? g : null, g1, g2];
            }
        }
    }
}
