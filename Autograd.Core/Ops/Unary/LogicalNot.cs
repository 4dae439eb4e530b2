using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Elementwise logical NOT, as a Bool tensor: true where the element is zero (false), else false.</summary>
    public Tensor LogicalNot()
    {
        using var zero = Elementwise.ScalarFor(this, 0);
        return Elementwise.Compare("logical_not", this, zero, new EqOp());
    }
}
