namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Picks one entry per index position along <paramref name="dim"/>: for dim 1, y[i][j][k] = x[i][index[i][j][k]][k]
    /// (<c>torch.gather</c>). The Int32 index has x's rank and is no larger than x outside <paramref name="dim"/>;
    /// the result has the index's shape. ∂x: the gradient scattered back and summed (<see cref="ScatterAdd"/> into zeros).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or not smaller than the size of <paramref name="dim"/>.</exception>
    public Tensor Gather(int dim, Tensor index)
    {
        Indexing.CheckSameRank("gather", this, index, "input");
        int d = Autograd.Shape.NormalizeDim("gather", dim, _shape);
        for (int k = 0; k < Rank; k++)
        {
            if (k != d && index._shape[k] > _shape[k])
                throw new ArgumentException(
                    $"gather: the index {Autograd.Shape.Format(index._shape)} must not be larger than the input {Autograd.Shape.Format(_shape)} outside dimension {d} (dimension {k}).");
        }
        Indexing.CheckValues("gather", this, index, d, _shape[d]);
        var y = Empty(index._shape, DType, Device);
        using (var x = Indexing.Dense(this))
        using (var i = Indexing.Dense(index))
            Device.Gather(x.Buffer, d, i.Buffer, y.Buffer);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new GatherBackward0(this, d, index)) : y;
    }

    private sealed class GatherBackward0 : Node
    {
        private readonly int[] _shape;
        private readonly int _dim;
        private readonly SavedTensor _index;

        public GatherBackward0(Tensor x, int dim, Tensor index) : base(x)
        {
            _shape = x.ShapeArray;
            _dim = dim;
            _index = Save(index);
        }

        protected internal override Tensor?[] Backward(Tensor g)
        {
            using var zeros = Zeros(_shape, g.DType, g.Device);
            return [zeros.ScatterAdd(_dim, _index.Unpack(), g)];
        }
    }
}
