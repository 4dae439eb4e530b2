using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Elementwise true division a / b with broadcasting (integers promote to Float32). ∂/∂a = 1/b, ∂/∂b = −a/b².</summary>
    public static Tensor Div(Tensor a, Tensor b)
    {
        var y = Elementwise.Zip("div", a, b, new DivOp(), floatResult: true);
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new DivBackward0(a, b)) : y;
    }

    /// <inheritdoc cref="Div(Tensor, Tensor)"/>
    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);

    /// <summary>a / s for a scalar s.</summary>
    public static Tensor operator /(Tensor a, double s)
    {
        using var b = Elementwise.ScalarFor(a, s);
        return Div(a, b);
    }

    /// <summary>s / a for a scalar s.</summary>
    public static Tensor operator /(double s, Tensor a)
    {
        using var b = Elementwise.ScalarFor(a, s);
        return Div(b, a);
    }

    private sealed class DivBackward0 : Node
    {
        private readonly SavedTensor? _a;
        private readonly SavedTensor _b;

        /// <param name="a">The numerator.</param>
        /// <param name="b">The denominator.</param>
        /// <param name="aIsOverwritten">True for <c>a.div_(b)</c>: the quotient is written into a, so b's gradient needs a copy of a.</param>
        public DivBackward0(Tensor a, Tensor b, bool aIsOverwritten = false) : base(a, b)
        {
            if (NeedsInputGrad(1)) _a = aIsOverwritten ? SaveBeforeOverwrite(a) : Save(a);
            _b = Save(b);
        }

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var b = _b.Unpack();
            return [NeedsInputGrad(0) ? g / b : null, _a is null ? null : -g * _a.Unpack() / (b * b)];
        }
    }
}
