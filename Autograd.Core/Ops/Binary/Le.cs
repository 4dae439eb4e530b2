using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise a &lt;= b with broadcasting and type promotion, as a Bool tensor. Comparisons are not differentiable:
    /// the result never records a node.
    /// </summary>
    public Tensor Le(Tensor other) => Elementwise.Compare("le", this, other, new LeOp());

    /// <summary>Elementwise x &lt;= s for a scalar s (compared in this tensor's dtype), as a Bool tensor.</summary>
    public Tensor Le(double value)
    {
        using var s = Elementwise.ScalarFor(this, value);
        return Le(s);
    }

    /// <inheritdoc cref="Le(Tensor)"/>
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);

    /// <inheritdoc cref="Le(double)"/>
    public static Tensor operator <=(Tensor a, double s) => a.Le(s);

    /// <summary>s &lt;= x for a scalar s, as a Bool tensor.</summary>
    public static Tensor operator <=(double s, Tensor a) => a.Ge(s);
}
