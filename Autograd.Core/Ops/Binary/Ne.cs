using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise a ≠ b with broadcasting and type promotion, as a Bool tensor. Comparisons are not differentiable:
    /// the result never records a node.
    /// </summary>
    public Tensor Ne(Tensor other) => Elementwise.Compare("ne", this, other, new NeOp());

    /// <summary>Elementwise x ≠ s for a scalar s (compared in this tensor's dtype), as a Bool tensor.</summary>
    public Tensor Ne(double value)
    {
        using var s = Elementwise.ScalarFor(this, value);
        return Ne(s);
    }
}
