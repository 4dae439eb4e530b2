using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>xᵉ for a fixed exponent e; the common exponents use exact products or square roots, as PyTorch does.</summary>
    public readonly struct PowScalarOp(double exponent) : IUnaryOp
    {
        private readonly double _e = exponent;
        private readonly float _e32 = (float)exponent;

        /// <inheritdoc/>
        public float Apply(float x) =>
            _e32 == 2 ? x * x : _e32 == 3 ? x * x * x : _e32 == 0.5f ? MathF.Sqrt(x) : _e32 == -1 ? 1f / x : MathF.Pow(x, _e32);

        /// <inheritdoc/>
        public double Apply(double x) =>
            _e == 2 ? x * x : _e == 3 ? x * x * x : _e == 0.5 ? Math.Sqrt(x) : _e == -1 ? 1d / x : Math.Pow(x, _e);
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// xᵉ elementwise for a scalar exponent e (an Int32 tensor with an integral e stays Int32).
        /// ∂/∂x = e·x^(e−1), and 0 when e = 0.
        /// </summary>
        public Tensor Pow(double exponent)
        {
            if (!DType.IsFloatingPoint())
            {
                using var e = Elementwise.ScalarFor(this, exponent);
                return Pow(this, e);
            }
            var y = Elementwise.Map("pow", this, new PowScalarOp(exponent));
            return Graph.NeedsGrad(this) ? Graph.Record(y, new PowBackward0(this, exponent)) : y;
        }

        private sealed class PowBackward0 : Node
        {
            private readonly SavedTensor _x;
            private readonly double _exponent;

            public PowBackward0(Tensor x, double exponent) : base(x)
            {
                _x = Save(x);
                _exponent = exponent;
            }

            protected internal override Tensor?[] Backward(Tensor g) =>
                [_exponent == 0 ? ZerosLike(g) : g * (_exponent * _x.Unpack().Pow(_exponent - 1))];
        }
    }
}
