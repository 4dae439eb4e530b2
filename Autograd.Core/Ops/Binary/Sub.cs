using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Elementwise a − b with broadcasting. ∂/∂a = 1, ∂/∂b = −1.</summary>
    public static Tensor Sub(Tensor a, Tensor b)
    {
        var y = Elementwise.Zip("sub", a, b, new SubOp());
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new SubBackward0(a, b)) : y;
    }

    /// <inheritdoc cref="Sub(Tensor, Tensor)"/>
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);

    /// <summary>a − s for a scalar s.</summary>
    public static Tensor operator -(Tensor a, double s)
    {
        using var b = Elementwise.ScalarFor(a, s);
        return Sub(a, b);
    }

    /// <summary>s − a for a scalar s.</summary>
    public static Tensor operator -(double s, Tensor a)
    {
        using var b = Elementwise.ScalarFor(a, s);
        return Sub(b, a);
    }

    private sealed class SubBackward0(Tensor a, Tensor b) : Node(a, b)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g, NeedsInputGrad(1) ? -g : null];
    }
}
