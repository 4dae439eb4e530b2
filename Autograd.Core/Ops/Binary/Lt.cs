using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise a &lt; b with broadcasting and type promotion, as a Bool tensor. Comparisons are not differentiable:
    /// the result never records a node.
    /// </summary>
    public Tensor Lt(Tensor other) => Elementwise.Compare("lt", this, other, new LtOp());

    /// <summary>Elementwise x &lt; s for a scalar s (compared in this tensor's dtype), as a Bool tensor.</summary>
    public Tensor Lt(double value)
    {
        using var s = Elementwise.ScalarFor(this, value);
        return Lt(s);
    }

    /// <inheritdoc cref="Lt(Tensor)"/>
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);

    /// <inheritdoc cref="Lt(double)"/>
    public static Tensor operator <(Tensor a, double s) => a.Lt(s);

    /// <summary>s &lt; x for a scalar s, as a Bool tensor.</summary>
    public static Tensor operator <(double s, Tensor a) => a.Gt(s);
}
