using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>|x|.</summary>
    public readonly struct AbsOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Abs(x, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Abs(x, y);
        /// <inheritdoc/>
        public float Apply(float x) => MathF.Abs(x);
        /// <inheritdoc/>
        public double Apply(double x) => Math.Abs(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>|x| elementwise (Int32 tensors stay Int32). ∂/∂x = sign(x), so 0 at x = 0 as in PyTorch.</summary>
        public Tensor Abs()
        {
            if (DType == DType.Int32)
            {
                using var negated = Neg();
                return Maximum(this, negated);
            }
            var y = Elementwise.Map("abs", this, new AbsOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new AbsBackward0(this)) : y;
        }

        private sealed class AbsBackward0 : Node
        {
            private readonly SavedTensor _x;

            public AbsBackward0(Tensor x) : base(x) => _x = Save(x);

            protected internal override Tensor?[] Backward(Tensor g) => [g * _x.Unpack().Sign()];
        }
    }
}
