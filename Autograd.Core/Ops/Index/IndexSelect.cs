namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Picks entries along <paramref name="dim"/>: y[…, i, …] = x[…, index[i], …] for a 1-D (or 0-d) Int32 index,
    /// so the result has size index.Numel in <paramref name="dim"/>. Indices may repeat (an embedding lookup is
    /// <c>weight.IndexSelect(0, ids)</c>). ∂x: the gradient rows added back at their indices (<see cref="IndexAdd"/>
    /// into zeros), so a repeated index accumulates.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or not smaller than the size of <paramref name="dim"/>.</exception>
    public Tensor IndexSelect(int dim, Tensor index)
    {
        if (Rank == 0) throw new ArgumentException("index_select: expected a tensor with at least one dimension, got a 0-d tensor.");
        int d = Autograd.Shape.NormalizeDim("index_select", dim, _shape);
        if (index.Rank > 1) throw new ArgumentException($"index_select: the index must be 0-d or 1-d, got shape {Autograd.Shape.Format(index._shape)}.");
        Indexing.CheckValues("index_select", this, index, d, _shape[d]);
        var shape = (int[])_shape.Clone();
        shape[d] = index.Numel;
        var y = Empty(shape, DType, Device);
        using (var x = Indexing.Dense(this))
        using (var i = Indexing.Dense(index))
            Device.IndexSelect(x.Buffer, d, i.Buffer, y.Buffer);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new IndexSelectBackward0(this, d, index)) : y;
    }

    private sealed class IndexSelectBackward0 : Node
    {
        private readonly int[] _shape;
        private readonly int _dim;
        private readonly SavedTensor _index;

        public IndexSelectBackward0(Tensor x, int dim, Tensor index) : base(x)
        {
            _shape = x.ShapeArray;
            _dim = dim;
            _index = Save(index);
        }

        protected internal override Tensor?[] Backward(Tensor g)
        {
            using var zeros = Zeros(_shape, g.DType, g.Device);
            return [zeros.IndexAdd(_dim, _index.Unpack(), g)];
        }
    }
}
