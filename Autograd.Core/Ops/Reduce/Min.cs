using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The smallest element, as a 0-d tensor (NaN if any element is NaN). ∂/∂x: the gradient shared evenly among
    /// the elements equal to the minimum.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is empty.</exception>
    public Tensor Min()
    {
        if (Numel == 0) throw new ArgumentException($"min: the minimum of an empty tensor (shape {Autograd.Shape.Format(_shape)}) is undefined; pass a dim.");
        var y = Reduction.Run("min", this, null, false, new MinReduce());
        return Graph.NeedsGrad(this) ? Graph.Record(y, new TiesBackward("MinBackward1", this, Reduction.Normalize("min", this, null), keepDim: false)) : y;
    }

    /// <summary>
    /// The smallest element along <paramref name="dim"/> and its position (the first one among ties), as
    /// <c>(Values, Indices)</c> with <paramref name="dim"/> removed (or kept with size 1). Indices are Int32 and
    /// carry no gradient. ∂/∂x: each value's gradient goes to the selected element only.
    /// </summary>
    /// <exception cref="ArgumentException">The dimension is out of range or has size 0.</exception>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false)
    {
        var (values, indices) = Reduction.ArgReduce("min", this, dim, keepDim, max: false);
        if (Graph.NeedsGrad(this)) Graph.Record(values, new SelectedBackward("MinBackward0", "min", this, indices, dim, keepDim));
        return (values, indices);
    }
}
