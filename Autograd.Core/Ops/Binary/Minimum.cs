using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise min(a, b) with broadcasting and type promotion; NaN in either operand propagates.
    /// ∂ goes to the smaller operand; where a = b it is split half and half, as in PyTorch.
    /// </summary>
    public static Tensor Minimum(Tensor a, Tensor b)
    {
        var y = Elementwise.Zip("minimum", a, b, new MinimumOp());
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new MinimumBackward0(a, b)) : y;
    }

    private sealed class MinimumBackward0 : Node
    {
        private readonly SavedTensor _a, _b;

        public MinimumBackward0(Tensor a, Tensor b) : base(a, b)
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
                using var aLarger = a.Gt(b);
                ga = shared.MaskedFill(aLarger, 0);
            }
            if (NeedsInputGrad(1))
            {
                using var bLarger = a.Lt(b);
                gb = shared.MaskedFill(bLarger, 0);
            }
            return [ga, gb];
        }
    }
}
