namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Extracts sliding windows (im2col, <c>F.unfold</c>): x of shape [N, C, H, W] → [N, C·kh·kw, L], where column
    /// l holds the C·kh·kw values under window l and L = oh·ow counts the window positions,
    /// oh = ⌊(H + 2·padH − dilH·(kh − 1) − 1) / strideH⌋ + 1 (likewise ow). Each of kernelSize, dilation, padding
    /// and stride is one value or a (height, width) pair. A convolution is this followed by a matrix product.
    /// ∂: <see cref="Fold"/> of the gradient (overlapping windows add up), its adjoint.
    /// </summary>
    /// <exception cref="ArgumentException">Not a 4-D input, bad window arguments, or a window larger than the padded input.</exception>
    public Tensor Unfold(int[] kernelSize, int[]? dilation = null, int[]? padding = null, int[]? stride = null)
    {
        if (Rank != 4) throw new ArgumentException($"unfold: expected a 4-D input [N, C, H, W], got shape {Autograd.Shape.Format(_shape)}.");
        return UnfoldWindows(Im2ColGeometry.From("unfold", kernelSize, dilation, padding, stride));
    }

    private Tensor UnfoldWindows(Im2ColGeometry g)
    {
        int n = _shape[0], c = _shape[1], oh = g.BlocksH(_shape[2]), ow = g.BlocksW(_shape[3]);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException($"unfold: the window ({g}) does not fit in the input of shape {Autograd.Shape.Format(_shape)}.");
        Tensor y;
        using (NoGrad())
        {
            using var padded = g.PH == 0 && g.PW == 0 ? Alias(_shape, _strides, _offset) : Pad([g.PW, g.PW, g.PH, g.PH]);
            // Window (i, j) at block (a, b) reads padded[.., a·stride + i·dilation, ..]: one strided view covers all
            // of them, as [N, C, kh, kw, oh, ow]; copying it lays the columns out.
            var s = padded._strides;
            using var windows = padded.Alias([n, c, g.KH, g.KW, oh, ow], [s[0], s[1], s[2] * g.DH, s[3] * g.DW, s[2] * g.SH, s[3] * g.SW], padded._offset);
            using var columns = windows.Clone();
            y = columns.View(n, c * g.KH * g.KW, oh * ow);
        }
        return Graph.NeedsGrad(this) ? Graph.Record(y, new Im2ColBackward0(this, g)) : y;
    }

    private sealed class Im2ColBackward0(Tensor x, Im2ColGeometry geometry) : Node(x)
    {
        private readonly int _height = x.ShapeArray[2], _width = x.ShapeArray[3];

        protected internal override Tensor?[] Backward(Tensor g) => [FoldWindows(g, _height, _width, geometry)];
    }
}
