using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The largest element, as a 0-d tensor (NaN if any element is NaN). ∂/∂x: the gradient shared evenly among
    /// the elements equal to the maximum.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is empty.</exception>
    public Tensor Max()
    {
        if (Numel == 0) throw new ArgumentException($"max: the maximum of an empty tensor (shape {Autograd.Shape.Format(_shape)}) is undefined; pass a dim.");
        var y = Reduction.Run("max", this, null, false, new MaxReduce());
        return Graph.NeedsGrad(this) ? Graph.Record(y, new TiesBackward("MaxBackward1", this, Reduction.Normalize("max", this, null), keepDim: false)) : y;
    }

    /// <summary>
    /// The largest element along <paramref name="dim"/> and its position (the first one among ties), as
    /// <c>(Values, Indices)</c> with <paramref name="dim"/> removed (or kept with size 1). Indices are Int32 and
    /// carry no gradient. ∂/∂x: each value's gradient goes to the selected element only.
    /// </summary>
    /// <exception cref="ArgumentException">The dimension is out of range or has size 0.</exception>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false)
    {
        var (values, indices) = Reduction.ArgReduce("max", this, dim, keepDim, max: true);
        if (Graph.NeedsGrad(this)) Graph.Record(values, new SelectedBackward("MaxBackward0", "max", this, indices, dim, keepDim));
        return (values, indices);
    }
}
