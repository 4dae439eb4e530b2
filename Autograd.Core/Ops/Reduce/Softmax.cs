namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// softmax(x)ᵢ = exp(xᵢ − max x) / Σⱼ exp(xⱼ − max x) along <paramref name="dim"/>; same shape as x, each slice
    /// along <paramref name="dim"/> sums to 1. Subtracting the maximum keeps exp from overflowing (inputs of 1e4 are
    /// fine). ∂: y ⊙ (g − Σ(g ⊙ y)) along <paramref name="dim"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not floating-point.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dimension is out of range.</exception>
    public Tensor Softmax(int dim)
    {
        int d = SoftmaxDim("softmax", dim);
        var y = SoftmaxAlong(d, log: false);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new SoftmaxBackward0(this, d)) : y;
    }

    private int SoftmaxDim(string op, int dim)
    {
        Elementwise.RequireFloat(op, this);
        return Autograd.Shape.NormalizeDim(op, dim, _shape);
    }

    /// <summary>
    /// Runs the device's fused row softmax (or log-softmax). It works on contiguous rows, so a tensor whose
    /// <paramref name="dim"/> is not last (or that is strided) is first copied with that dimension moved last.
    /// </summary>
    private Tensor SoftmaxAlong(int dim, bool log)
    {
        using var noGrad = NoGrad();
        bool last = Rank == 0 || dim == Rank - 1;
        using var moved = last ? Alias(_shape, _strides, _offset) : Transpose(dim, -1);
        using var rows = moved.IsContiguous ? moved.Alias(moved._shape, moved._strides, moved._offset) : moved.Clone();
        var result = Empty(rows._shape, DType, Device);
        Device.Softmax(rows.Buffer, result.Buffer, log);
        if (last) return result;
        using (result)
        using (var back = result.Transpose(dim, -1)) return back.Clone();
    }

    private sealed class SoftmaxBackward0(Tensor x, int dim) : Node(x)
    {
        private readonly int _dim = dim;
        private SavedTensor? _y;

        protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var y = _y!.Unpack();
            return [y * (g - (g * y).Sum(_dim, keepDim: true))];
        }
    }
}
