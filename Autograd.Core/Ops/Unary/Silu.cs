using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>x·σ(x) = x/(1 + e⁻ˣ).</summary>
    public readonly struct SiluOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => x / (1f + MathF.Exp(-x));
        /// <inheritdoc/>
        public double Apply(double x) => x / (1d + Math.Exp(-x));
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>The sigmoid linear unit (swish) x·σ(x) elementwise. ∂/∂x = σ(x)(1 + x(1 − σ(x))).</summary>
        public Tensor Silu()
        {
            var y = Elementwise.Map("silu", this, new SiluOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new SiluBackward0(this)) : y;
        }

        private sealed class SiluBackward0 : Node
        {
            private readonly SavedTensor _x;

            public SiluBackward0(Tensor x) : base(x) => _x = Save(x);

            protected internal override Tensor?[] Backward(Tensor g)
            {
                var x = _x.Unpack();
                var s = x.Sigmoid();
                return [g * s * (1 + x * (1 - s))];
            }
        }
    }
}
