namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Joins tensors along an existing dimension: shapes must agree except in <paramref name="dim"/>, whose sizes
    /// add up (<c>[2, 4]</c> and <c>[2, 3]</c> along 1 → <c>[2, 7]</c>). The result has the promoted dtype.
    /// ∂: each input receives its own slice of the gradient.
    /// </summary>
    /// <exception cref="ArgumentException">No tensors, a 0-d tensor, or shapes that differ outside <paramref name="dim"/>.</exception>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("cat: expected a non-empty list of tensors.");
        var first = tensors[0];
        if (first.Rank == 0) throw new ArgumentException("cat: a 0-d tensor (at position 0) cannot be concatenated; Unsqueeze it or use Stack.");
        int d = Autograd.Shape.NormalizeDim("cat", dim, first.Shape);
        var dtype = first.DType;
        int total = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            first.CheckSameDevice("cat", t);
            bool matches = t.Rank == first.Rank;
            for (int k = 0; matches && k < t.Rank; k++) matches = k == d || t._shape[k] == first._shape[k];
            if (!matches)
                throw new ArgumentException(
                    $"cat: expected shapes to match except in dimension {d}, but tensor 0 has shape {Autograd.Shape.Format(first._shape)} " +
                    $"and tensor {i} has shape {Autograd.Shape.Format(t._shape)}.");
            dtype = DTypes.Promote(dtype, t.DType);
            total += t._shape[d];
        }
        var shape = (int[])first._shape.Clone();
        shape[d] = total;
        var y = Empty(shape, dtype, first.Device);
        int offset = 0;
        foreach (var t in tensors)
        {
            if (t.Numel > 0) first.Device.Copy(t.Buffer, new StridedBuffer(y.Storage, t._shape, y._strides, offset * y._strides[d]));
            offset += t._shape[d];
        }
        var inputs = tensors.ToArray();
        return Graph.NeedsGrad(inputs) ? Graph.Record(y, new CatBackward0(inputs, d)) : y;
    }

    private sealed class CatBackward0(Tensor[] inputs, int dim) : Node(inputs)
    {
        private readonly int[] _sizes = inputs.Select(t => t.ShapeArray[dim]).ToArray();

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var grads = new Tensor?[_sizes.Length];
            int offset = 0;
            for (int i = 0; i < _sizes.Length; i++)
            {
                if (NeedsInputGrad(i)) grads[i] = g.Narrow(dim, offset, _sizes[i]);
                offset += _sizes[i];
            }
            return grads;
        }
    }
}
