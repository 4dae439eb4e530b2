using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Elementwise a · b with broadcasting. ∂/∂a = b, ∂/∂b = a.</summary>
    public static Tensor Mul(Tensor a, Tensor b)
    {
        var y = Elementwise.Zip("mul", a, b, new MulOp());
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new MulBackward0(a, b)) : y;
    }

    /// <inheritdoc cref="Mul(Tensor, Tensor)"/>
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);

    /// <summary>a · s for a scalar s.</summary>
    public static Tensor operator *(Tensor a, double s)
    {
        using var b = Elementwise.ScalarFor(a, s);
        return Mul(a, b);
    }

    /// <summary>s · a for a scalar s.</summary>
    public static Tensor operator *(double s, Tensor a) => a * s;

    private sealed class MulBackward0 : Node
    {
        private readonly SavedTensor? _a, _b;

        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <param name="aIsOverwritten">True for <c>a.mul_(b)</c>: the product is written into a, so b's gradient needs a copy of a.</param>
        public MulBackward0(Tensor a, Tensor b, bool aIsOverwritten = false) : base(a, b)
        {
            // Each input's gradient needs only the other input, so save only what a needed gradient uses.
            if (NeedsInputGrad(1)) _a = aIsOverwritten ? SaveBeforeOverwrite(a) : Save(a);
            if (NeedsInputGrad(0)) _b = Save(b);
        }

        protected internal override Tensor?[] Backward(Tensor g) =>
            [_b is null ? null : g * _b.Unpack(), _a is null ? null : g * _a.Unpack()];
    }
}
