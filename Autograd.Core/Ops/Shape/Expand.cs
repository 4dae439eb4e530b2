namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// A view repeating size-1 dimensions (and new leading ones) to <paramref name="shape"/> with stride 0; −1 keeps a
    /// dimension. No memory is copied. ∂: the gradient summed over the expanded dimensions.
    /// </summary>
    public Tensor Expand(params int[] shape)
    {
        if (shape.Length < Rank)
            throw new ArgumentException($"expand: the target shape {Autograd.Shape.Format(shape)} has fewer dimensions than the tensor {Autograd.Shape.Format(_shape)}.");
        var target = (int[])shape.Clone();
        int lead = target.Length - Rank;
        for (int i = 0; i < target.Length; i++)
        {
            int own = i < lead ? 1 : _shape[i - lead];
            if (target[i] == -1)
            {
                if (i < lead) throw new ArgumentException($"expand: -1 is not allowed for the new leading dimension {i} in {Autograd.Shape.Format(shape)}.");
                target[i] = own;
            }
            if (own != 1 && own != target[i])
                throw new ArgumentException($"expand: the size {own} of dimension {i - lead} of {Autograd.Shape.Format(_shape)} must match {target[i]} in {Autograd.Shape.Format(shape)} (or be 1).");
        }
        if (Autograd.Shape.Equal(target, _shape)) return MakeView(_shape, _strides, _offset) is var same && Graph.NeedsGrad(this) ? Graph.Record(same, new ExpandBackward0(this)) : same;
        var y = MakeView(target, Elementwise.BroadcastStrides(_shape, _strides, target), _offset);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new ExpandBackward0(this)) : y;
    }

    /// <summary>Expands to the shape of <paramref name="other"/>.</summary>
    public Tensor ExpandAs(Tensor other) => Expand(other._shape);

    private sealed class ExpandBackward0(Tensor x) : ViewNode(x)
    {
        private readonly int[] _shape = x.ShapeArray;

        protected internal override Tensor?[] Backward(Tensor g) => [g.SumToShape(_shape, "expand")];
    }
}
