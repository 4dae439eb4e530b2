using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>ln(1 + x), accurate for small x.</summary>
    public readonly struct Log1pOp : IUnaryOp
    {
        /// <inheritdoc/>
        public float Apply(float x) => SpecialFunctions.Log1p(x);
        /// <inheritdoc/>
        public double Apply(double x) => SpecialFunctions.Log1p(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>ln(1 + x) elementwise, without the cancellation of Log(1 + x) for small x. ∂/∂x = 1/(1 + x).</summary>
        public Tensor Log1p()
        {
            var y = Elementwise.Map("log1p", this, new Log1pOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new Log1PBackward0(this)) : y;
        }

        private sealed class Log1PBackward0 : Node
        {
            private readonly SavedTensor _x;

            public Log1PBackward0(Tensor x) : base(x) => _x = Save(x);

            protected internal override Tensor?[] Backward(Tensor g) => [g / (_x.Unpack() + 1)];
        }
    }
}
