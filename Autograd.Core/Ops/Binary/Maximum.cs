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
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new PairwiseExtremumBackward("MaximumBackward0", max: true, a, b)) : y;
    }
}
