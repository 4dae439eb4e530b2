using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>sin x.</summary>
    public readonly struct SinOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => MathF.Sin(x);
        /// <inheritdoc/>
        public double Apply(double x) => Math.Sin(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>sin x elementwise (radians). ∂/∂x = cos x.</summary>
        public Tensor Sin()
        {
            var y = Elementwise.Map("sin", this, new SinOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new SinBackward0(this)) : y;
        }

        private sealed class SinBackward0 : Node
        {
            private readonly SavedTensor _x;

            public SinBackward0(Tensor x) : base(x) => _x = Save(x);

            protected internal override Tensor?[] Backward(Tensor g) => [g * _x.Unpack().Cos()];
        }
    }
}
