using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Σ of all elements, as a 0-d tensor. ∂/∂x = 1 everywhere.</summary>
    public Tensor Sum() => Sum(null, false);

    /// <summary>
    /// Σ over <paramref name="dims"/> (all when null). Shape: those dimensions are removed, or kept with size 1
    /// when <paramref name="keepDim"/> is true. ∂/∂x = the gradient broadcast back over the summed dimensions.
    /// </summary>
    public Tensor Sum(int[]? dims, bool keepDim = false)
    {
        var y = Reduction.Run("sum", this, dims, keepDim, new SumReduce(), integerResult: !DType.IsFloatingPoint());
        return Graph.NeedsGrad(this) ? Graph.Record(y, new SumBackward0(this, dims, keepDim)) : y;
    }

    /// <summary>Σ over one dimension.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>
    /// Sums a broadcast gradient back to <paramref name="shape"/>: leading extra dimensions are summed away and
    /// dimensions of size 1 in <paramref name="shape"/> are summed with keepDim. Used by the engine for every op.
    /// </summary>
    internal Tensor SumToShape(int[] shape, string op)
    {
        int lead = Rank - shape.Length;
        if (lead < 0) throw new InvalidOperationException($"{op}: a gradient of shape {Autograd.Shape.Format(_shape)} cannot be summed to {Autograd.Shape.Format(shape)}.");
        // The leading dimensions the shape lacks, and those it has as 1 where this tensor does not; counted first, so
        // the engine's common case (nothing to sum) allocates nothing.
        int count = 0;
        for (int i = 0; i < Rank; i++)
            if (Summed(i)) count++;
        var summed = this;
        if (count > 0)
        {
            var dims = new int[count];
            for (int i = 0, j = 0; i < Rank; i++)
                if (Summed(i)) dims[j++] = i;
            summed = Sum(dims, keepDim: true);
        }
        var result = summed.Reshape(shape);
        if (!ReferenceEquals(summed, this) && !ReferenceEquals(summed, result)) summed.Dispose();
        return result;

        bool Summed(int i) => i < lead || (shape[i - lead] == 1 && _shape[i] != 1);
    }

    private sealed class SumBackward0(Tensor x, int[]? dims, bool keepDim) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray;
        private readonly int[]? _dims = dims;
        private readonly bool _keepDim = keepDim;

        public override string Name => _dims is null ? "SumBackward0" : "SumBackward1";

        protected internal override Tensor?[] Backward(Tensor g) => [Reduction.Unreduce(g, _shape, _dims, _keepDim).Expand(_shape)];
    }
}
