using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The smallest value over <paramref name="dims"/> (all when empty), without indices. Shape: those dimensions
    /// removed, or kept with size 1 when <paramref name="keepDim"/> is true. ∂/∂x: each result's gradient shared
    /// evenly among the elements equal to it (unlike <see cref="Min(int, bool)"/>, which picks one).
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is out of range or repeated, or a reduced dimension has size 0.</exception>
    public Tensor Amin(int[] dims, bool keepDim = false)
    {
        var d = Reduction.NormalizeNonEmpty("amin", this, dims);
        var y = Reduction.Run("amin", this, d, keepDim, new MinReduce());
        return Graph.NeedsGrad(this) ? Graph.Record(y, new TiesBackward("AminBackward0", this, d, keepDim)) : y;
    }
}
