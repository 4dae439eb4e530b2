using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise aᵇ with broadcasting and type promotion (NaN for a negative base with a fractional exponent).
    /// ∂/∂a = b·a^(b−1) (0 where b = 0); ∂/∂b = aᵇ·ln a (0 where a = 0 and b ≥ 0, as in PyTorch).
    /// </summary>
    public static Tensor Pow(Tensor a, Tensor b)
    {
        var y = Elementwise.Zip("pow", a, b, new PowOp());
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new PowBackward1(a, b)) : y;
    }

    /// <summary>Elementwise this^<paramref name="exponent"/> with broadcasting; see <see cref="Pow(Tensor, Tensor)"/>.</summary>
    public Tensor Pow(Tensor exponent) => Pow(this, exponent);

    private sealed class PowBackward1 : Node
    {
        private readonly SavedTensor _a, _b;
        private SavedTensor? _y;

        public PowBackward1(Tensor a, Tensor b) : base(a, b)
        {
            _a = Save(a);
            _b = Save(b);
        }

        protected internal override void OnOutput(Tensor output)
        {
            if (NeedsInputGrad(1)) _y = SaveOutput(output);
        }

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var a = _a.Unpack();
            var b = _b.Unpack();
            Tensor? ga = null, gb = null;
            if (NeedsInputGrad(0))
            {
                using var constant = b.Eq(0);
                ga = Where(constant, 0, g * (b * a.Pow(b - 1)));
            }
            if (NeedsInputGrad(1))
            {
                // At a = 0, b ≥ 0 the result is flat in b from the right; ln 0 = −∞ would otherwise give 0·∞ = NaN.
                using var zeroBase = a.Eq(0);
                using var nonNegative = b.Ge(0);
                using var flat = zeroBase.LogicalAnd(nonNegative);
                var logA = a.DType.IsFloatingPoint() ? a.Log() : a.To(g.DType).Log();
                gb = Where(flat, 0, g * (_y!.Unpack() * logA));
            }
            return [ga, gb];
        }
    }
}
