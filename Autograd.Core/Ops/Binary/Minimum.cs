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
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new PairwiseExtremumBackward("MinimumBackward0", max: false, a, b)) : y;
    }
}
