using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>tanh x.</summary>
    public readonly struct TanhOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Tanh(x, y);
        /// <inheritdoc/>
        public float Apply(float x) => MathF.Tanh(x);
        /// <inheritdoc/>
        public double Apply(double x) => Math.Tanh(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>tanh x elementwise. ∂/∂x = 1 − tanh²x = 1 − y², reusing the saved result y.</summary>
        public Tensor Tanh()
        {
            var y = Elementwise.Map("tanh", this, new TanhOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new TanhBackward0(this)) : y;
        }

        private sealed class TanhBackward0(Tensor x) : Node(x)
        {
            private SavedTensor? _y;

            protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

            protected internal override Tensor?[] Backward(Tensor g)
            {
                var y = _y!.Unpack();
                return [g * (1 - y * y)];
            }
        }
    }
}
