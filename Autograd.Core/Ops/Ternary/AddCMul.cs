using System.Numerics;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>(value·a)·b, in PyTorch's addcmul order, so adding it to x rounds exactly as <c>addcmul_</c> does.</summary>
    public readonly struct ScaledMulOp(double value) : ILaneBinaryOp
    {
        private readonly double _v = value;
        private readonly float _v32 = (float)value;

        /// <inheritdoc/>
        public float Apply(float a, float b) => _v32 * a * b;
        /// <inheritdoc/>
        public double Apply(double a, double b) => _v * a * b;
        /// <inheritdoc/>
        public int Apply(int a, int b) => (int)_v * a * b;

        /// <inheritdoc/>
        public Vector<float> Apply(Vector<float> a, Vector<float> b) => new Vector<float>(_v32) * a * b;
        /// <inheritdoc/>
        public Vector<double> Apply(Vector<double> a, Vector<double> b) => new Vector<double>(_v) * a * b;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// x ← x + value·t₁·t₂ in place (PyTorch's <c>addcmul_</c>); t₁ and t₂ broadcast to x's shape, and x must be
        /// floating-point. Optimizers use it for squared-gradient averages without a temporary tensor.
        /// ∂/∂x = 1, ∂/∂t₁ = value·t₂, ∂/∂t₂ = value·t₁.
        /// </summary>
        public Tensor AddCMulInPlace(Tensor tensor1, Tensor tensor2, double value = 1) =>
            AddInPlaceOf("addcmul_", Lanes.Of(new ScaledMulOp(value)), tensor1, tensor2, value, static (x, t1, t2, v) => new AddcmulBackward0(x, t1, t2, v));

        private sealed class AddcmulBackward0 : Node
        {
            private readonly SavedTensor? _t1, _t2;
            private readonly double _value;

            public AddcmulBackward0(Tensor x, Tensor t1, Tensor t2, double value) : base(x, t1, t2)
            {
                if (NeedsInputGrad(2)) _t1 = Save(t1);
                if (NeedsInputGrad(1)) _t2 = Save(t2);
                _value = value;
            }

            protected internal override Tensor?[] Backward(Tensor g)
            {
                Tensor? g1 = null, g2 = null;
                if (_t2 is not null)
                {
                    using var scaled = _t2.Unpack() * _value;
                    g1 = g * scaled;
                }
                if (_t1 is not null)
                {
                    using var scaled = _t1.Unpack() * _value;
                    g2 = g * scaled;
                }
                return [NeedsInputGrad(0) ? g : null, g1, g2];
            }
        }
    }
}
