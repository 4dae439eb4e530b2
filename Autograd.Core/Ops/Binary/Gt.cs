using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise a &gt; b with broadcasting and type promotion, as a Bool tensor. Comparisons are not differentiable:
    /// the result never records a node.
    /// </summary>
    public Tensor Gt(Tensor other) => Elementwise.Compare("gt", this, other, new GtOp());

    /// <summary>Elementwise x &gt; s for a scalar s (compared in this tensor's dtype), as a Bool tensor.</summary>
    public Tensor Gt(double value)
    {
        using var s = Elementwise.ScalarFor(this, value);
        return Gt(s);
    }

    /// <inheritdoc cref="Gt(Tensor)"/>
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);

    /// <inheritdoc cref="Gt(double)"/>
    public static Tensor operator >(Tensor a, double s) => a.Gt(s);

    /// <summary>s &gt; x for a scalar s, as a Bool tensor.</summary>
    public static Tensor operator >(double s, Tensor a) => a.Lt(s);
}
