namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The view at position <paramref name="index"/> of <paramref name="dim"/>, with that dimension removed
    /// (<c>x.Select(0, i)</c> is <c>x[i]</c>; a negative index counts from the end). Shares storage with this tensor.
    /// ∂: the gradient placed in a zero tensor of the input's shape at that position.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the dimension.</exception>
    public Tensor Select(int dim, int index)
    {
        if (Rank == 0) throw new ArgumentException("select: cannot select from a 0-d tensor.");
        int d = Autograd.Shape.NormalizeDim("select", dim, _shape);
        int size = _shape[d];
        if (index < -size || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), $"select: index {index} is out of range for dimension {d} of size {size} (shape {Autograd.Shape.Format(_shape)}).");
        if (index < 0) index += size;
        var y = MakeView([.. _shape[..d], .. _shape[(d + 1)..]], [.. _strides[..d], .. _strides[(d + 1)..]], _offset + index * _strides[d]);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new SelectBackward0(this, d, index)) : y;
    }

    private sealed class SelectBackward0(Tensor x, int dim, int index) : ViewNode(x)
    {
        private readonly int _size = x.ShapeArray[dim];

        protected internal override Tensor?[] Backward(Tensor g) => [g.Unsqueeze(dim).PadDim(dim, index, _size - index - 1)];
    }
}
