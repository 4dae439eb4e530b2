using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>σ(x) = 1/(1 + e⁻ˣ).</summary>
    public readonly struct SigmoidOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Sigmoid(x, y);
        /// <inheritdoc/>
        public float Apply(float x) => 1f / (1f + MathF.Exp(-x));
        /// <inheritdoc/>
        public double Apply(double x) => 1d / (1d + Math.Exp(-x));
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>The logistic function σ(x) = 1/(1 + e⁻ˣ) elementwise. ∂/∂x = σ(x)(1 − σ(x)) = y(1 − y).</summary>
        public Tensor Sigmoid()
        {
            var y = Elementwise.Map("sigmoid", this, new SigmoidOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new SigmoidBackward0(this)) : y;
        }

        private sealed class SigmoidBackward0(Tensor x) : Node(x)
        {
            private SavedTensor? _y;

            protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

            protected internal override Tensor?[] Backward(Tensor g)
            {
                var y = _y!.Unpack();
                return [g * (1 - y) * y];
            }
        }
    }
}
