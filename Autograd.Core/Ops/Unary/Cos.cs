using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>cos x.</summary>
    public readonly struct CosOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => MathF.Cos(x);
        /// <inheritdoc/>
        public double Apply(double x) => Math.Cos(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>cos x elementwise (radians). ∂/∂x = −sin x.</summary>
        public Tensor Cos()
        {
            var y = Elementwise.Map("cos", this, new CosOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new CosBackward0(this)) : y;
        }

        private sealed class CosBackward0 : Node
        {
            private readonly SavedTensor _x;

            public CosBackward0(Tensor x) : base(x) => _x = Save(x);

            protected internal override Tensor?[] Backward(Tensor g) => [g * -_x.Unpack().Sin()];
        }
    }
}
