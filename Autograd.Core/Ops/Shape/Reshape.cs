namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The same elements with a new shape; one dimension may be −1 and is inferred. A view (no copy) when the
    /// strides allow it, otherwise a contiguous copy, like <c>torch.reshape</c>. ∂: the gradient reshaped back.
    /// </summary>
    public Tensor Reshape(params int[] shape)
    {
        var target = InferShape("reshape", shape);
        var strides = ViewStrides(target);
        if (strides is not null)
        {
            var view = MakeView(target, strides, _offset);
            return Graph.NeedsGrad(this) ? Graph.Record(view, new ViewBackward0(this)) : view;
        }
        Tensor y;
        using (NoGrad())
        {
            using var dense = Contiguous();
            y = dense.Alias(target, Autograd.Shape.ContiguousStrides(target), dense._offset);
        }
        // A copy owns its storage, so unlike a view it may be modified in place; PyTorch names this node the same way.
        return Graph.NeedsGrad(this) ? Graph.Record(y, new UnsafeViewBackward0(this)) : y;
    }

    /// <summary>Like <see cref="Reshape"/> but never copies: throws when the strides do not allow a view (<c>torch.view</c>).</summary>
    public Tensor View(params int[] shape)
    {
        var target = InferShape("view", shape);
        var strides = ViewStrides(target) ?? throw new InvalidOperationException(
            $"view: cannot view a tensor of shape {Autograd.Shape.Format(_shape)} with strides {Autograd.Shape.Format(_strides)} as " +
            $"{Autograd.Shape.Format(target)} without copying; use Reshape() or Contiguous() first.");
        var y = MakeView(target, strides, _offset);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new ViewBackward0(this)) : y;
    }

    /// <summary>Collapses dimensions startDim..endDim into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = Autograd.Shape.NormalizeDim("flatten", startDim, _shape), e = Autograd.Shape.NormalizeDim("flatten", endDim, _shape);
        if (s > e) throw new ArgumentException($"flatten: startDim {startDim} comes after endDim {endDim}.");
        var shape = new List<int>(_shape[..s]) { Autograd.Shape.Numel(_shape.AsSpan(s, e - s + 1)) };
        shape.AddRange(_shape[(e + 1)..]);
        return Reshape([.. shape]);
    }

    private int[] InferShape(string op, int[] shape)
    {
        var target = (int[])shape.Clone();
        int infer = -1, known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be -1, got {Autograd.Shape.Format(shape)}.");
                infer = i;
            }
            else if (target[i] < 0) throw new ArgumentException($"{op}: invalid dimension {target[i]} in {Autograd.Shape.Format(shape)}.");
            else known *= target[i];
        }
        int n = Numel;
        if (infer >= 0)
        {
            if (known == 0 || n % known != 0)
                throw new ArgumentException($"{op}: shape {Autograd.Shape.Format(shape)} is invalid for input of size {n} ({Autograd.Shape.Format(_shape)}).");
            target[infer] = n / known;
        }
        else if (known != n)
            throw new ArgumentException($"{op}: shape {Autograd.Shape.Format(shape)} is invalid for input of size {n} ({Autograd.Shape.Format(_shape)}).");
        return target;
    }

    /// <summary>
    /// Strides that show this tensor's elements in <paramref name="target"/> shape, or null if that needs a copy.
    /// The old dimensions fall into chunks that are contiguous with one another; a view exists when every new
    /// dimension lies within one chunk (PyTorch's <c>computeStride</c>).
    /// </summary>
    private int[]? ViewStrides(int[] target)
    {
        if (IsContiguous) return Autograd.Shape.ContiguousStrides(target);
        var result = new int[target.Length];
        int viewDim = target.Length - 1;
        long chunkBaseStride = _strides[^1], tensorNumel = 1, viewNumel = 1;
        for (int d = _shape.Length - 1; d >= 0; d--)
        {
            tensorNumel *= _shape[d];
            bool chunkEnds = d == 0 || (_shape[d - 1] != 1 && _strides[d - 1] != tensorNumel * chunkBaseStride);
            if (!chunkEnds) continue;
            while (viewDim >= 0 && (viewNumel < tensorNumel || target[viewDim] == 1))
            {
                result[viewDim] = (int)(viewNumel * chunkBaseStride);
                viewNumel *= target[viewDim];
                viewDim--;
            }
            if (viewNumel != tensorNumel) return null;
            if (d > 0)
            {
                chunkBaseStride = _strides[d - 1];
                tensorNumel = 1;
                viewNumel = 1;
            }
        }
        return viewDim == -1 ? result : null;
    }

    private sealed class ViewBackward0(Tensor x) : ViewNode(x)
    {
        private readonly int[] _shape = x.ShapeArray;

        protected internal override Tensor?[] Backward(Tensor g) => [g.Reshape(_shape)];
    }

    private sealed class UnsafeViewBackward0(Tensor x) : Node(x)
    {
        private readonly int[] _shape = x.ShapeArray;

        protected internal override Tensor?[] Backward(Tensor g) => [g.Reshape(_shape)];
    }
}
