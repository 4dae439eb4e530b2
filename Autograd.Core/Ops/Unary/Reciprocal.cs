using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>1/x.</summary>
    public readonly struct ReciprocalOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Reciprocal(x, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Reciprocal(x, y);
        /// <inheritdoc/>
        public float Apply(float x) => 1f / x;
        /// <inheritdoc/>
        public double Apply(double x) => 1d / x;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>1/x elementwise. ∂/∂x = −1/x² = −y², reusing the saved result y.</summary>
        public Tensor Reciprocal()
        {
            var y = Elementwise.Map("reciprocal", this, new ReciprocalOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new ReciprocalBackward0(this)) : y;
        }

        private sealed class ReciprocalBackward0(Tensor x) : Node(x)
        {
            private SavedTensor? _y;

            protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

            protected internal override Tensor?[] Backward(Tensor g)
            {
                var y = _y!.Unpack();
                return [-g * (y * y)];
            }
        }
    }
}
