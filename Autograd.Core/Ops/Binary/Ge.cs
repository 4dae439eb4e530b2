using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise a &gt;= b with broadcasting and type promotion, as a Bool tensor. Comparisons are not differentiable:
    /// the result never records a node.
    /// </summary>
    public Tensor Ge(Tensor other) => Elementwise.Compare("ge", this, other, new GeOp());

    /// <summary>Elementwise x &gt;= s for a scalar s (compared in this tensor's dtype), as a Bool tensor.</summary>
    public Tensor Ge(double value)
    {
        using var s = Elementwise.ScalarFor(this, value);
        return Ge(s);
    }

    /// <inheritdoc cref="Ge(Tensor)"/>
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);

    /// <inheritdoc cref="Ge(double)"/>
    public static Tensor operator >=(Tensor a, double s) => a.Ge(s);

    /// <summary>s &gt;= x for a scalar s, as a Bool tensor.</summary>
    public static Tensor operator >=(double s, Tensor a) => a.Le(s);
}
