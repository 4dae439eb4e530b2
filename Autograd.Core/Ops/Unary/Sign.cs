using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>sign(x): −1, 0 or 1; NaN stays NaN.</summary>
    public readonly struct SignOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => x > 0 ? 1f : x < 0 ? -1f : x;
        /// <inheritdoc/>
        public double Apply(double x) => x > 0 ? 1d : x < 0 ? -1d : x;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>sign(x) elementwise: −1, 0 or 1 (Int32 tensors stay Int32). ∂/∂x = 0 wherever it exists.</summary>
        public Tensor Sign()
        {
            if (DType == DType.Int32) return Clamp(-1, 1);
            var y = Elementwise.Map("sign", this, new SignOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new SignBackward0(this)) : y;
        }

        private sealed class SignBackward0(Tensor x) : Node(x)
        {
            // A zero gradient rather than none, so a leaf's Grad becomes zeros as in PyTorch.
            protected internal override Tensor?[] Backward(Tensor g) => [ZerosLike(g)];
        }
    }
}
