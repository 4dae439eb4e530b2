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
        return Graph.NeedsGrad(this) ? Graph.Record(y, new MaxBackward1(this)) : y;
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
        if (Graph.NeedsGrad(this)) Graph.Record(values, new MaxBackward0(this, indices, dim, keepDim));
        return (values, indices);
    }

    private sealed class MaxBackward0 : Node
    {
        private readonly int[] _shape;
        private readonly SavedTensor _indices;
        private readonly int _dim;
        private readonly bool _keepDim;

        public MaxBackward0(Tensor x, Tensor indices, int dim, bool keepDim) : base(x)
        {
            _shape = x.ShapeArray;
            _indices = Save(indices);
            _dim = Reduction.Dim("max", dim, x.ShapeArray);
            _keepDim = keepDim;
        }

        protected internal override Tensor?[] Backward(Tensor g) => [Reduction.ToSelected(g, _indices.Unpack(), _shape, _dim, _keepDim)];
    }

    private sealed class MaxBackward1 : Node
    {
        private readonly SavedTensor _x;
        private SavedTensor? _y;

        public MaxBackward1(Tensor x) : base(x) => _x = Save(x);

        protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var x = _x.Unpack();
            return [Reduction.ShareAmongTies(g, x, _y!.Unpack(), Reduction.Normalize("max", x, null), keepDim: false)];
        }
    }
}
