namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A copy of this tensor with <paramref name="src"/> added at index positions along <paramref name="dim"/>: for
    /// dim 1, y[i][index[i][j][k]][k] += src[i][j][k] (<c>torch.scatter_add</c>, out of place). The Int32 index has
    /// this tensor's rank, is no larger than src anywhere and no larger than self outside <paramref name="dim"/>;
    /// only src's index-shaped corner is used. Repeated indices accumulate.
    /// ∂self = the gradient; ∂src = the gradient gathered at the indices (<see cref="Gather"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or not smaller than the size of <paramref name="dim"/>.</exception>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src)
    {
        Indexing.CheckSameRank("scatter_add", this, index, "self");
        int d = Autograd.Shape.NormalizeDim("scatter_add", dim, _shape);
        CheckSameDevice("scatter_add", src);
        if (src.DType != DType) throw new ArgumentException($"scatter_add: expected src of dtype {DType.Name()} like self, got {src.DType.Name()}.");
        if (src.Rank != Rank) throw new ArgumentException($"scatter_add: src {Autograd.Shape.Format(src._shape)} must have as many dimensions as self {Autograd.Shape.Format(_shape)}.");
        for (int k = 0; k < Rank; k++)
        {
            if (index._shape[k] > src._shape[k] || (k != d && index._shape[k] > _shape[k]))
                throw new ArgumentException(
                    $"scatter_add: the index {Autograd.Shape.Format(index._shape)} must not be larger than src {Autograd.Shape.Format(src._shape)}, " +
                    $"nor than self {Autograd.Shape.Format(_shape)} outside dimension {d} (dimension {k}).");
        }
        Indexing.CheckValues("scatter_add", this, index, d, _shape[d]);
        // Only src's index-shaped corner takes part; narrowing (a differentiable view) routes its gradient back.
        var used = src;
        for (int k = 0; k < Rank; k++)
        {
            if (index._shape[k] == src._shape[k]) continue;
            var narrowed = used.Narrow(k, 0, index._shape[k]);
            if (!ReferenceEquals(used, src)) used.Dispose();
            used = narrowed;
        }
        var y = Empty(_shape, DType, Device);
        Device.Copy(Buffer, y.Buffer);
        using (var i = Indexing.Dense(index))
        using (var s = Indexing.Dense(used))
            Device.ScatterAdd(y.Buffer, d, i.Buffer, s.Buffer);
        var result = Graph.NeedsGrad(this, used) ? Graph.Record(y, new ScatterAddBackward0(this, used, d, index)) : y;
        if (!ReferenceEquals(used, src)) used.Dispose();
        return result;
    }

    private sealed class ScatterAddBackward0 : Node
    {
        private readonly int _dim;
        private readonly SavedTensor? _index;

        public ScatterAddBackward0(Tensor self, Tensor src, int dim, Tensor index) : base(self, src)
        {
            _dim = dim;
            if (NeedsInputGrad(1)) _index = Save(index);
        }

        protected internal override Tensor?[] Backward(Tensor g) =>
            [NeedsInputGrad(0) ? g : null, _index is null ? null : g.Gather(_dim, _index.Unpack())];
    }
}
