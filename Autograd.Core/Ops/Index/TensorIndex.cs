namespace Autograd;

/// <summary>
/// One entry of a tensor subscript <c>t[…]</c>: an integer position (negative counts from the end), a
/// <see cref="System.Index"/> such as <c>^1</c>, or a <see cref="System.Range"/> such as <c>1..3</c> or <c>..</c>.
/// Created by implicit conversion; see <see cref="Tensor.this[TensorIndex[]]"/>.
/// </summary>
public readonly struct TensorIndex
{
    private readonly int _position;
    private readonly bool _fromEnd;
    private readonly Range? _range;

    private TensorIndex(int position, bool fromEnd, Range? range)
    {
        _position = position;
        _fromEnd = fromEnd;
        _range = range;
    }

    /// <summary>An integer position; the dimension is removed (negative counts from the end, as in Python).</summary>
    public static implicit operator TensorIndex(int position) => new(position, false, null);

    /// <summary>A position such as <c>^1</c> (the last); the dimension is removed.</summary>
    public static implicit operator TensorIndex(Index position) => new(position.Value, position.IsFromEnd, null);

    /// <summary>A range such as <c>1..3</c> or <c>..</c>; the dimension is kept. Bounds past the end are clamped, as Python slices are.</summary>
    public static implicit operator TensorIndex(Range range) => new(0, false, range);

    /// <summary>Applies this entry to dimension <paramref name="dim"/> of <paramref name="t"/>; true when the dimension survives.</summary>
    internal Tensor ApplyTo(Tensor t, int dim, out bool keepsDim)
    {
        int size = t.Size(dim);
        keepsDim = _range is not null;
        if (_range is not { } range)
        {
            // ^k past the front would wrap around if handed to Select as a negative position.
            if (_fromEnd && _position > size)
                throw new ArgumentOutOfRangeException("indices", $"index: ^{_position} is out of range for a dimension of size {size} (shape {Shape.Format(t.ShapeArray)}).");
            return t.Select(dim, _fromEnd ? size - _position : _position);
        }
        int start = Math.Clamp(range.Start.IsFromEnd ? size - range.Start.Value : range.Start.Value, 0, size);
        int end = Math.Clamp(range.End.IsFromEnd ? size - range.End.Value : range.End.Value, start, size);
        return t.Narrow(dim, start, end - start);
    }

    /// <summary>True for <c>..</c> over a whole dimension, which needs no view of its own.</summary>
    internal bool IsFull => _range is { } r && r.Start.Equals(Index.Start) && r.End.Equals(Index.End);
}
