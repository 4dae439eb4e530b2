using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise max(a, b) with broadcasting and type promotion; NaN in either operand propagates.
    /// ∂ goes to the larger operand; where a = b it is split half and half, as in PyTorch.
    /// </summary>
    public static Tensor Maximum(Tensor a, Tensor b)
    {
        var y = Elementwise.Zip("maximum", a, b, new MaximumOp());
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new MaximumBackward0(a, b)) : y;
    }

    private sealed class MaximumBackward0 : Node
    {
        private readonly SavedTensor _a, _b;

        public MaximumBackward0(Tensor a, Tensor b) : base(a, b)
        {
            _a = Save(a);
            _b = Save(b);
        }

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var a = _a.Unpack();
            var b = _b.Unpack();
            using var tie = a.Eq(b);
            var shared = Where(tie, g / 2, g);
            Tensor? ga = null, gb = null;
            if (NeedsInputGrad(0))
            {
                using var aSmaller = a.Lt(b);
                ga = shared.MaskedFill(aSmaller, 0);
            }
            if (NeedsInputGrad(1))
            {
                using var bSmaller = a.Gt(b);
                gb = shared.MaskedFill(bSmaller, 0);
            }
            return [ga, gb];
        }
    }
}
