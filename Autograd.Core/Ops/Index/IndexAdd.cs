namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with <paramref name="source"/>'s entries added at the positions of a 1-D Int32 index
    /// along <paramref name="dim"/>: y[…, index[i], …] += source[…, i, …] (<c>torch.index_add</c>, out of place).
    /// source has this tensor's shape except size index.Numel in <paramref name="dim"/>. Repeated indices accumulate.
    /// ∂self = the gradient; ∂source = the gradient picked at the indices (<see cref="IndexSelect"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or not smaller than the size of <paramref name="dim"/>.</exception>
    public Tensor IndexAdd(int dim, Tensor index, Tensor source)
    {
        if (Rank == 0) throw new ArgumentException("index_add: expected a tensor with at least one dimension, got a 0-d tensor.");
        int d = Autograd.Shape.NormalizeDim("index_add", dim, _shape);
        if (index.Rank > 1) throw new ArgumentException($"index_add: the index must be 0-d or 1-d, got shape {Autograd.Shape.Format(index._shape)}.");
        CheckSameDevice("index_add", source);
        var expected = (int[])_shape.Clone();
        expected[d] = index.Numel;
        if (!Autograd.Shape.Equal(source._shape, expected) || source.DType != DType)
            throw new ArgumentException(
                $"index_add: expected a {DType.Name()} source of shape {Autograd.Shape.Format(expected)} for self {Autograd.Shape.Format(_shape)} and " +
                $"{index.Numel} indices along dimension {d}, got {source.DType.Name()} {Autograd.Shape.Format(source._shape)}.");
        Indexing.CheckValues("index_add", this, index, d, _shape[d]);
        var y = Empty(_shape, DType, Device);
        Device.Copy(Buffer, y.Buffer);
        using (var i = Indexing.Dense(index))
        using (var s = Indexing.Dense(source))
            Device.IndexAdd(y.Buffer, d, i.Buffer, s.Buffer);
        return Graph.NeedsGrad(this, source) ? Graph.Record(y, new IndexAddBackward0(this, source, d, index)) : y;
    }

    private sealed class IndexAddBackward0 : Node
    {
        private readonly int _dim;
        private readonly SavedTensor? _index;

        public IndexAddBackward0(Tensor self, Tensor source, int dim, Tensor index) : base(self, source)
        {
            _dim = dim;
            if (NeedsInputGrad(1)) _index = Save(index);
        }

        protected internal override Tensor?[] Backward(Tensor g) =>
            [NeedsInputGrad(0) ? g : null, _index is null ? null : g.IndexSelect(_dim, _index.Unpack())];
    }
}
