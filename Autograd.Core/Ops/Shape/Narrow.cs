namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A view of elements <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> − 1 along
    /// <paramref name="dim"/> (a negative start counts from the end). Shares storage with this tensor: writes through
    /// the view are seen here. ∂: the gradient padded with zeros back to the input's size along <paramref name="dim"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie within the dimension.</exception>
    public Tensor Narrow(int dim, int start, int length)
    {
        if (Rank == 0) throw new ArgumentException("narrow: cannot narrow a 0-d tensor.");
        int d = Autograd.Shape.NormalizeDim("narrow", dim, _shape);
        int size = _shape[d];
        if (start < -size || start > size)
            throw new ArgumentOutOfRangeException(nameof(start), $"narrow: start {start} is out of range for dimension {d} of size {size} (shape {Autograd.Shape.Format(_shape)}).");
        if (start < 0) start += size;
        if (length < 0 || start + length > size)
            throw new ArgumentOutOfRangeException(nameof(length), $"narrow: start ({start}) + length ({length}) exceeds dimension {d} of size {size} (shape {Autograd.Shape.Format(_shape)}).");
        var shape = (int[])_shape.Clone();
        shape[d] = length;
        var y = MakeView(shape, _strides, _offset + start * _strides[d]);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new SliceBackward0(this, d, start, length)) : y;
    }

    private sealed class SliceBackward0(Tensor x, int dim, int start, int length) : ViewNode(x)
    {
        private readonly int _size = x.ShapeArray[dim];

        protected internal override Tensor?[] Backward(Tensor g) => [g.PadDim(dim, start, _size - start - length)];
    }
}
