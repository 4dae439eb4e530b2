using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>max(x, 0); NaN stays NaN.</summary>
    public readonly struct ReluOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Max(x, 0d, y);
        /// <inheritdoc/>
        public float Apply(float x) => x <= 0 ? 0f : x;
        /// <inheritdoc/>
        public double Apply(double x) => x <= 0 ? 0d : x;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The rectifier max(x, 0) elementwise (Int32 tensors stay Int32). ∂/∂x = 1 where the result is positive,
        /// else 0 (so 0 at x = 0, as in PyTorch).
        /// </summary>
        public Tensor Relu()
        {
            if (DType == DType.Int32) return Clamp(0, null);
            var y = Elementwise.Map("relu", this, new ReluOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new ReluBackward0(this)) : y;
        }

        private sealed class ReluBackward0(Tensor x) : Node(x)
        {
            private SavedTensor? _y;

            protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

            protected internal override Tensor?[] Backward(Tensor g)
            {
                using var inactive = _y!.Unpack().Le(0);
                return [g.MaskedFill(inactive, 0)];
            }
        }
    }
}
