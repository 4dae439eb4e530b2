namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The position of the largest element (the first among ties) as Int32: along <paramref name="dim"/>, or in the
    /// flattened tensor when <paramref name="dim"/> is null. Not differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">The dimension is out of range or has size 0 (or the tensor is empty).</exception>
    public Tensor ArgMax(int? dim = null, bool keepDim = false) => ArgReduce("argmax", dim, keepDim, max: true);

    /// <summary>Shared by ArgMax and ArgMin: the values are computed alongside and dropped.</summary>
    private Tensor ArgReduce(string op, int? dim, bool keepDim, bool max)
    {
        if (dim is { } d)
        {
            var (values, indices) = Reduction.ArgReduce(op, this, d, keepDim, max);
            values.Dispose();
            return indices;
        }
        if (Numel == 0) throw new ArgumentException($"{op}: the tensor of shape {Autograd.Shape.Format(_shape)} is empty.");
        using var detached = Detach();
        using var flat = detached.Reshape(-1);
        var (flatValues, flatIndices) = Reduction.ArgReduce(op, flat, 0, keepDim: false, max);
        flatValues.Dispose();
        if (!keepDim) return flatIndices;
        using (flatIndices) return flatIndices.Reshape(Enumerable.Repeat(1, Rank).ToArray());
    }
}
