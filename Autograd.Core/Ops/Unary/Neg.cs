using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>−x.</summary>
    public readonly struct NegOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Negate(x, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Negate(x, y);
        /// <inheritdoc/>
        public float Apply(float x) => -x;
        /// <inheritdoc/>
        public double Apply(double x) => -x;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>−x elementwise. ∂/∂x = −1.</summary>
        public Tensor Neg()
        {
            if (!DType.IsFloatingPoint())
            {
                using var zero = Elementwise.ScalarFor(this, 0);
                return Elementwise.Zip("neg", zero, this, new SubOp());
            }
            var y = Elementwise.Map("neg", this, new NegOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new NegBackward0(this)) : y;
        }

        /// <inheritdoc cref="Neg"/>
        public static Tensor operator -(Tensor x) => x.Neg();

        private sealed class NegBackward0(Tensor x) : Node(x)
        {
            protected internal override Tensor?[] Backward(Tensor g) => [-g];
        }
    }
}
