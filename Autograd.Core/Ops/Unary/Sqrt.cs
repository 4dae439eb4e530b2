using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>√x.</summary>
    public readonly struct SqrtOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sqrt(x, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Sqrt(x, y);
        /// <inheritdoc/>
        public float Apply(float x) => MathF.Sqrt(x);
        /// <inheritdoc/>
        public double Apply(double x) => Math.Sqrt(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>√x elementwise (NaN for x &lt; 0). ∂/∂x = 1/(2√x), reusing the saved result.</summary>
        public Tensor Sqrt()
        {
            var y = Elementwise.Map("sqrt", this, new SqrtOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new SqrtBackward0(this)) : y;
        }

        private sealed class SqrtBackward0(Tensor x) : Node(x)
        {
            private SavedTensor? _y;

            protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

            protected internal override Tensor?[] Backward(Tensor g) => [g / (2 * _y!.Unpack())];
        }
    }
}
