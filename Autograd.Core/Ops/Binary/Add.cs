using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Elementwise a + b with broadcasting. ∂/∂a = 1, ∂/∂b = 1 (summed back to each shape by the engine).</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        var y = Elementwise.Zip("add", a, b, new AddOp());
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new AddBackward0(a, b)) : y;
    }

    /// <inheritdoc cref="Add(Tensor, Tensor)"/>
    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);

    /// <summary>a + s for a scalar s (the tensor's dtype is kept).</summary>
    public static Tensor operator +(Tensor a, double s)
    {
        using var b = Elementwise.ScalarFor(a, s);
        return Add(a, b);
    }

    /// <summary>s + a for a scalar s.</summary>
    public static Tensor operator +(double s, Tensor a) => a + s;

    private sealed class AddBackward0(Tensor a, Tensor b) : Node(a, b)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g, g];
    }
}
