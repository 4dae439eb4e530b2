using System.Numerics.Tensors;
using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>ln x.</summary>
    public readonly struct LogOp : IVectorUnaryOp
    {
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Log(x, y);
        /// <inheritdoc/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Log(x, y);
        /// <inheritdoc/>
        public float Apply(float x) => MathF.Log(x);
        /// <inheritdoc/>
        public double Apply(double x) => Math.Log(x);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>Natural logarithm ln x elementwise (NaN for x &lt; 0, −∞ at 0). ∂/∂x = 1/x.</summary>
        public Tensor Log()
        {
            var y = Elementwise.Map("log", this, new LogOp());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new LogBackward0(this)) : y;
        }

        private sealed class LogBackward0 : Node
        {
            private readonly SavedTensor _x;

            public LogBackward0(Tensor x) : base(x) => _x = Save(x);

            protected internal override Tensor?[] Backward(Tensor g) => [g / _x.Unpack()];
        }
    }
}
