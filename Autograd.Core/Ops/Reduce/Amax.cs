namespace Autograd.Kernels
{
    /// <summary>a == b, where NaN equals NaN: finds the elements a max/min reduction selected, NaN results included.</summary>
    public readonly struct SameValueOp : ICompareOp
    {
        /// <inheritdoc/>
        public bool Apply(float a, float b) => a == b || (float.IsNaN(a) && float.IsNaN(b));
        /// <inheritdoc/>
        public bool Apply(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));
        /// <inheritdoc/>
        public bool Apply(int a, int b) => a == b;
    }
}

namespace Autograd
{
    using Autograd.Kernels;

    public sealed partial class Tensor
    {
        /// <summary>
        /// The largest value over <paramref name="dims"/> (all when empty), without indices. Shape: those dimensions
        /// removed, or kept with size 1 when <paramref name="keepDim"/> is true. ∂/∂x: each result's gradient shared
        /// evenly among the elements equal to it (unlike <see cref="Max(int, bool)"/>, which picks one).
        /// </summary>
        /// <exception cref="ArgumentException">A dimension is out of range or repeated, or a reduced dimension has size 0.</exception>
        public Tensor Amax(int[] dims, bool keepDim = false)
        {
            var d = Reduction.NormalizeNonEmpty("amax", this, dims);
            var y = Reduction.Run("amax", this, d, keepDim, new MaxReduce());
            return Graph.NeedsGrad(this) ? Graph.Record(y, new TiesBackward("AmaxBackward0", this, d, keepDim)) : y;
        }
    }
}
