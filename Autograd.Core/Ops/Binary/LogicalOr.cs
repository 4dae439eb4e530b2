using Autograd.Kernels;

namespace Autograd.Kernels
{
    /// <summary>a ∨ b, where any nonzero value (NaN included) counts as true.</summary>
    public readonly struct LogicalOrOp : ICompareOp
    {
        /// <inheritdoc/>
        public bool Apply(float a, float b) => a != 0 || b != 0;
        /// <inheritdoc/>
        public bool Apply(double a, double b) => a != 0 || b != 0;
        /// <inheritdoc/>
        public bool Apply(int a, int b) => a != 0 || b != 0;
    }
}

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>Elementwise logical OR with broadcasting, as a Bool tensor; nonzero elements count as true.</summary>
        public Tensor LogicalOr(Tensor other) => Elementwise.Compare("logical_or", this, other, new LogicalOrOp());
    }
}
