namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Constant padding, as <c>F.pad(x, pad, value=value)</c>: <paramref name="pad"/> holds (before, after) pairs
    /// starting from the LAST dimension, so <c>[1, 2]</c> pads the last dimension by 1 in front and 2 behind, and
    /// <c>[1, 2, 3, 4]</c> also pads the second-to-last by 3 and 4. A negative amount crops instead.
    /// Output size along each padded dimension: size + before + after. ∂: the gradient cropped back (padding with
    /// the negated amounts), since every input element lands in exactly one output position.
    /// </summary>
    /// <exception cref="ArgumentException">An odd number of pads, more pairs than dimensions, or a negative output size.</exception>
    public Tensor Pad(int[] pad, double value = 0)
    {
        if (pad.Length % 2 != 0 || pad.Length / 2 > Rank)
            throw new ArgumentException($"pad: expected an even number of pads covering at most {Rank} dimensions, got {Autograd.Shape.Format(pad)} for shape {Autograd.Shape.Format(_shape)}.");
        var shape = (int[])_shape.Clone();
        var overlap = (int[])_shape.Clone();
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = Rank - 1 - k, before = pad[2 * k], after = pad[2 * k + 1];
            shape[d] = _shape[d] + before + after;
            if (shape[d] < 0)
                throw new ArgumentException($"pad: dimension {d} of size {_shape[d]} padded by ({before}, {after}) would have the negative size {shape[d]} (shape {Autograd.Shape.Format(_shape)}).");
        }
        var outStrides = Autograd.Shape.ContiguousStrides(shape);
        int src = _offset, dst = 0;
        for (int k = 0; k < pad.Length / 2; k++)
        {
            // Input position i lands at i + before; only the positions inside both tensors are copied.
            int d = Rank - 1 - k, before = pad[2 * k];
            int first = Math.Max(0, -before), end = Math.Min(_shape[d], shape[d] - before);
            overlap[d] = Math.Max(0, end - first);
            src += first * _strides[d];
            dst += (first + before) * outStrides[d];
        }
        var y = Full(shape, value, DType, Device);
        if (Autograd.Shape.Numel(overlap) > 0)
            Device.Copy(new StridedBuffer(Storage, overlap, _strides, src), new StridedBuffer(y.Storage, overlap, outStrides, dst));
        return Graph.NeedsGrad(this) ? Graph.Record(y, new ConstantPadNdBackward0(this, pad)) : y;
    }

    /// <summary>Zero padding of one dimension only (the adjoint of narrowing it).</summary>
    internal Tensor PadDim(int dim, int before, int after)
    {
        var pad = new int[2 * (Rank - dim)];
        pad[^2] = before;
        pad[^1] = after;
        return Pad(pad);
    }

    private sealed class ConstantPadNdBackward0(Tensor x, int[] pad) : Node(x)
    {
        private readonly int[] _crop = pad.Select(p => -p).ToArray();

        protected internal override Tensor?[] Backward(Tensor g) => [g.Pad(_crop)];
    }
}
