namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with <paramref name="value"/> (cast to this dtype) wherever <paramref name="mask"/> is true;
    /// the mask broadcasts with the tensor. ∂/∂x = g where the mask is false, 0 where it is true.
    /// </summary>
    /// <exception cref="ArgumentException">The mask is not Bool, or the shapes do not broadcast.</exception>
    public Tensor MaskedFill(Tensor mask, double value)
    {
        if (mask.DType != DType.Bool)
            throw new ArgumentException($"masked_fill: expected a Bool mask, got {mask.DType.Name()} of shape {Autograd.Shape.Format(mask._shape)}.");
        CheckSameDevice("masked_fill", mask);
        var shape = Autograd.Shape.Broadcast("masked_fill", _shape, mask._shape);
        using var fill = Scalar(value, DType, Device);
        var y = Empty(shape, DType, Device);
        Device.Where(Elementwise.Broadcast(mask, shape), Elementwise.Broadcast(fill, shape), Elementwise.Broadcast(this, shape), y.Buffer);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new MaskedFillBackward0(this, mask)) : y;
    }

    private sealed class MaskedFillBackward0 : Node
    {
        private readonly SavedTensor _mask;

        public MaskedFillBackward0(Tensor x, Tensor mask) : base(x) => _mask = Save(mask);

        protected internal override Tensor?[] Backward(Tensor g) => [g.MaskedFill(_mask.Unpack(), 0)];
    }
}
