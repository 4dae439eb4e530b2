namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Elementwise selection: a where <paramref name="condition"/> is true, else b. The three broadcast together;
    /// a and b are promoted to a common dtype. ∂/∂a = g where the condition holds (0 elsewhere); ∂/∂b = the rest.
    /// </summary>
    /// <exception cref="ArgumentException">The condition is not Bool, or the shapes do not broadcast.</exception>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        if (condition.DType != DType.Bool)
            throw new ArgumentException($"where: expected a Bool condition, got {condition.DType.Name()} of shape {Autograd.Shape.Format(condition._shape)}.");
        condition.CheckSameDevice("where", a);
        a.CheckSameDevice("where", b);
        var shape = Autograd.Shape.Broadcast("where", Autograd.Shape.Broadcast("where", condition._shape, a._shape), b._shape);
        var dtype = DTypes.ResultType(a.DType, a.Rank, b.DType, b.Rank);
        using var ca = Elementwise.Converted(a, dtype);
        using var cb = Elementwise.Converted(b, dtype);
        var y = Empty(shape, dtype, a.Device);
        a.Device.Where(Elementwise.Broadcast(condition, shape), Elementwise.Broadcast(ca, shape), Elementwise.Broadcast(cb, shape), y.Buffer);
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new WhereBackward0(condition, a, b)) : y;
    }

    /// <summary>a where <paramref name="condition"/> is true, else the scalar b (in a's dtype).</summary>
    public static Tensor Where(Tensor condition, Tensor a, double b)
    {
        using var s = Elementwise.ScalarFor(a, b);
        return Where(condition, a, s);
    }

    /// <summary>The scalar a (in b's dtype) where <paramref name="condition"/> is true, else b.</summary>
    public static Tensor Where(Tensor condition, double a, Tensor b)
    {
        using var s = Elementwise.ScalarFor(b, a);
        return Where(condition, s, b);
    }

    private sealed class WhereBackward0 : Node
    {
        private readonly SavedTensor _condition;

        public WhereBackward0(Tensor condition, Tensor a, Tensor b) : base(condition, a, b) => _condition = Save(condition);

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var c = _condition.Unpack();
            return [null, NeedsInputGrad(1) ? Where(c, g, 0) : null, NeedsInputGrad(2) ? Where(c, 0, g) : null];
        }
    }
}
