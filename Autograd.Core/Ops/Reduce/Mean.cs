using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>The arithmetic mean of all elements, as a 0-d tensor: Σx / n. ∂/∂x = 1/n everywhere.</summary>
    public Tensor Mean() => Mean(null, false);

    /// <summary>
    /// The mean over <paramref name="dims"/> (all when null): Σx / n with n the number of elements folded into each
    /// result. Shape: those dimensions are removed, or kept with size 1 when <paramref name="keepDim"/> is true.
    /// ∂/∂x = the gradient broadcast back over the reduced dimensions, divided by n.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or a dimension is out of range or repeated.</exception>
    public Tensor Mean(int[]? dims, bool keepDim = false)
    {
        Elementwise.RequireFloat("mean", this);
        var d = Reduction.Normalize("mean", this, dims);
        var y = Reduction.Run("mean", this, d, keepDim, new SumReduce());
        using (var n = Elementwise.ScalarFor(y, Reduction.Count(_shape, d))) Device.Zip(new DivOp(), y.Buffer, Elementwise.Broadcast(n, y._shape), y.Buffer);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new MeanBackward0(this, dims is null ? null : d, keepDim)) : y;
    }

    /// <summary>The mean over one dimension.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    private sealed class MeanBackward0(Tensor x, int[]? dims, bool keepDim) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray;
        private readonly int[]? _dims = dims;
        private readonly bool _keepDim = keepDim;
        private readonly int _count = Reduction.Count(x.ShapeArray, Reduction.Normalize("mean", x, dims));

        public override string Name => _dims is null ? "MeanBackward0" : "MeanBackward1";

        protected internal override Tensor?[] Backward(Tensor g) => [(Reduction.Unreduce(g, _shape, _dims, _keepDim) / _count).Expand(_shape)];
    }
}
