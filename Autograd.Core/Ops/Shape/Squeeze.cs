namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A view without every dimension of size 1 (<c>[2, 1, 3, 1]</c> → <c>[2, 3]</c>). No memory is copied.
    /// ∂: the gradient reshaped back to the input's shape.
    /// </summary>
    public Tensor Squeeze()
    {
        var kept = Enumerable.Range(0, Rank).Where(d => _shape[d] != 1).ToArray();
        var y = MakeView(kept.Select(d => _shape[d]).ToArray(), kept.Select(d => _strides[d]).ToArray(), _offset);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new SqueezeBackward0(this)) : y;
    }

    /// <summary>
    /// A view without dimension <paramref name="dim"/> when its size is 1; otherwise a view of the same shape, as in
    /// PyTorch. ∂: the gradient with the dimension re-inserted.
    /// </summary>
    public Tensor Squeeze(int dim)
    {
        int d = Autograd.Shape.NormalizeDim("squeeze", dim, _shape);
        bool removes = Rank > 0 && _shape[d] == 1;
        var y = removes
            ? MakeView([.. _shape.AsSpan(0, d), .. _shape.AsSpan(d + 1)], [.. _strides.AsSpan(0, d), .. _strides.AsSpan(d + 1)], _offset)
            : MakeView(_shape, _strides, _offset);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new SqueezeBackward1(this)) : y;
    }

    private sealed class SqueezeBackward0(Tensor x) : ViewNode(x)
    {
        private readonly int[] _shape = x.ShapeArray;

        protected internal override Tensor?[] Backward(Tensor g) => [g.Reshape(_shape)];
    }

    private sealed class SqueezeBackward1(Tensor x) : ViewNode(x)
    {
        private readonly int[] _shape = x.ShapeArray;

        protected internal override Tensor?[] Backward(Tensor g) => [g.Reshape(_shape)];
    }
}
