using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise a = b with broadcasting and type promotion, as a Bool tensor. Comparisons are not differentiable:
    /// the result never records a node.
    /// </summary>
    /// <remarks>
    /// There is deliberately no <c>==</c> operator: tensors are reference types used as dictionary keys and compared
    /// for identity all over .NET, and an elementwise <c>==</c> returning a tensor would silently break that.
    /// </remarks>
    public Tensor Eq(Tensor other) => Elementwise.Compare("eq", this, other, new EqOp());

    /// <summary>Elementwise x = s for a scalar s (compared in this tensor's dtype), as a Bool tensor.</summary>
    public Tensor Eq(double value)
    {
        using var s = Elementwise.ScalarFor(this, value);
        return Eq(s);
    }
}
