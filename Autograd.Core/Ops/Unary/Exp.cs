using System.Numerics.Tensors;

namespace Autograd.Kernels
{
    /// <summary>eˣ.</summary>
    public readonly struct ExpOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Exp(x, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Exp(x, y);
        /// <inheritdoc/>
        public float Apply(float x) => MathF.Exp(x);
        /// <inheritdoc/>
        public double Apply(double x) => Math.Exp(x);
    }
}

namespace Autograd
{
    using Autograd.Kernels;

    public sealed partial class Tensor
    {
        /// <summary>eˣ elementwise. ∂/∂x = eˣ, reusing the saved result.</summary>
        public Tensor Exp()
        {
            var y = Elementwise.Map("exp", this, new ExpOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new ExpBackward0(this)) : y;
        }

        private sealed class ExpBackward0(Tensor x) : Node(x)
        {
            private SavedTensor? _y;

            protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

            protected internal override Tensor?[] Backward(Tensor g) => [g * _y!.Unpack()];
        }
    }
}
