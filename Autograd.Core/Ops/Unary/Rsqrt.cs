using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>1/√x.</summary>
    public readonly struct RsqrtOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => 1f / MathF.Sqrt(x);
        /// <inheritdoc/>
        public double Apply(double x) => 1d / Math.Sqrt(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>1/√x elementwise. ∂/∂x = −½·x^(−3/2) = −½·y³, reusing the saved result y.</summary>
        public Tensor Rsqrt()
        {
            var y = Elementwise.Map("rsqrt", this, new RsqrtOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new RsqrtBackward0(this)) : y;
        }

        private sealed class RsqrtBackward0(Tensor x) : Node(x)
        {
            private SavedTensor? _y;

            protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

            protected internal override Tensor?[] Backward(Tensor g) => [-0.5 * g * _y!.Unpack().Pow(3)];
        }
    }
}
