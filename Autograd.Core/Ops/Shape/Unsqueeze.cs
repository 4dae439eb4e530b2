namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A view with a new dimension of size 1 inserted at <paramref name="dim"/> (−1 appends it):
    /// <c>[2, 3].Unsqueeze(1)</c> → <c>[2, 1, 3]</c>. No memory is copied. ∂: the gradient squeezed at <paramref name="dim"/>.
    /// </summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = Autograd.Shape.NormalizeDim("unsqueeze", dim, _shape, newDimension: true);
        // Any stride is valid for a size-1 dimension; PyTorch's choice keeps contiguous tensors recognisably contiguous.
        int stride = d < Rank ? _shape[d] * _strides[d] : 1;
        var y = MakeView([.. _shape.AsSpan(0, d), 1, .. _shape.AsSpan(d)], [.. _strides.AsSpan(0, d), stride, .. _strides.AsSpan(d)], _offset);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new UnsqueezeBackward0(this, d)) : y;
    }

    private sealed class UnsqueezeBackward0(Tensor x, int dim) : ViewNode(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g.Squeeze(dim)];
    }
}
