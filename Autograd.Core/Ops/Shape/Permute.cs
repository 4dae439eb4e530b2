namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>A view with dimensions reordered: result dimension i is input dimension dims[i]. ∂: the inverse permutation.</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != Rank)
            throw new ArgumentException($"permute: got {dims.Length} dimensions {Autograd.Shape.Format(dims)} for a tensor of shape {Autograd.Shape.Format(_shape)}.");
        var order = dims.Select(d => Autograd.Shape.NormalizeDim("permute", d, _shape)).ToArray();
        if (order.Distinct().Count() != order.Length) throw new ArgumentException($"permute: dimensions {Autograd.Shape.Format(dims)} repeat.");
        var y = MakeView(order.Select(d => _shape[d]).ToArray(), order.Select(d => _strides[d]).ToArray(), _offset);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new PermuteBackward0(this, order)) : y;
    }

    /// <summary>A view with two dimensions swapped.</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = Autograd.Shape.NormalizeDim("transpose", dim0, _shape), b = Autograd.Shape.NormalizeDim("transpose", dim1, _shape);
        var shape = (int[])_shape.Clone();
        var strides = (int[])_strides.Clone();
        (shape[a], shape[b]) = (shape[b], shape[a]);
        (strides[a], strides[b]) = (strides[b], strides[a]);
        var y = MakeView(shape, strides, _offset);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new TransposeBackward0(this, a, b)) : y;
    }

    /// <summary>The transpose of a matrix (2-D): <c>x.T</c>.</summary>
    public Tensor T => Rank == 2 ? Transpose(0, 1) : throw new InvalidOperationException($"T: expected a 2-D tensor, got shape {Autograd.Shape.Format(_shape)}; use Transpose or Permute.");

    private sealed class PermuteBackward0(Tensor x, int[] order) : ViewNode(x)
    {
        protected internal override Tensor?[] Backward(Tensor g)
        {
            var inverse = new int[order.Length];
            for (int i = 0; i < order.Length; i++) inverse[order[i]] = i;
            return [g.Permute(inverse)];
        }
    }

    private sealed class TransposeBackward0(Tensor x, int a, int b) : ViewNode(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g.Transpose(a, b)];
    }
}
