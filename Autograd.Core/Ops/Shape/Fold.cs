using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Sums sliding windows back into an image (col2im, <c>F.fold</c>): cols of shape [N, C·kh·kw, L] → [N, C, H, W]
    /// for outputSize (H, W), adding every column's values at its window's positions, so overlapping windows add.
    /// L must equal the number of window positions <see cref="Unfold"/> gives for (H, W) and the same arguments.
    /// Fold is Unfold's adjoint: ⟨Unfold(x), y⟩ = ⟨x, Fold(y)⟩. ∂: <see cref="Unfold"/> of the gradient.
    /// </summary>
    /// <exception cref="ArgumentException">cols is not 3-D or its sizes do not match the kernel and the window count.</exception>
    public static Tensor Fold(Tensor cols, int[] outputSize, int[] kernelSize, int[]? dilation = null, int[]? padding = null, int[]? stride = null)
    {
        var g = Im2ColGeometry.From("fold", kernelSize, dilation, padding, stride);
        var (height, width) = Im2ColGeometry.Pair("fold", "outputSize", outputSize, 1);
        if (cols.Rank != 3) throw new ArgumentException($"fold: expected a 3-D input [N, C·kh·kw, L], got shape {Autograd.Shape.Format(cols._shape)}.");
        Elementwise.RequireFloat("fold", cols);
        int kernel = g.KH * g.KW, blocks = g.BlocksH(height) * g.BlocksW(width);
        if (cols._shape[1] % kernel != 0 || cols._shape[2] != blocks || g.BlocksH(height) <= 0 || g.BlocksW(width) <= 0)
            throw new ArgumentException(
                $"fold: an input of shape {Autograd.Shape.Format(cols._shape)} does not match output size [{height}, {width}] with {g}: " +
                $"expected size 1 divisible by {kernel} and size 2 equal to the number of windows, {Math.Max(blocks, 0)}.");
        return FoldWindows(cols, height, width, g);
    }

    private static Tensor FoldWindows(Tensor cols, int height, int width, Im2ColGeometry g)
    {
        int n = cols._shape[0], c = cols._shape[1] / (g.KH * g.KW), oh = g.BlocksH(height), ow = g.BlocksW(width);
        Tensor y;
        using (NoGrad())
        {
            using var blocks = cols.Reshape(n, c, g.KH, g.KW, oh, ow);
            var padded = Zeros([n, c, height + 2 * g.PH, width + 2 * g.PW], cols.DType, cols.Device);
            var ps = padded._strides;
            var bs = blocks._strides;
            // Kernel offset (i, j) of every block lands on a strided grid of the padded image; within one offset the grid
            // points are distinct, so each pass is an in-place add, and the passes accumulate the overlaps.
            var grid = new[] { n, c, oh, ow };
            var gridStrides = new[] { ps[0], ps[1], ps[2] * g.SH, ps[3] * g.SW };
            for (int i = 0; i < g.KH; i++)
                for (int j = 0; j < g.KW; j++)
                {
                    var target = new StridedBuffer(padded.Storage, grid, gridStrides, i * g.DH * ps[2] + j * g.DW * ps[3]);
                    var source = new StridedBuffer(blocks.Storage, grid, [bs[0], bs[1], bs[4], bs[5]], blocks._offset + i * bs[2] + j * bs[3]);
                    cols.Device.Zip(new AddOp(), target, source, target);
                }
            if (g.PH == 0 && g.PW == 0) y = padded;
            else
            {
                y = padded.Pad([-g.PW, -g.PW, -g.PH, -g.PH]);
                padded.Dispose();
            }
        }
        return Graph.NeedsGrad(cols) ? Graph.Record(y, new Col2ImBackward0(cols, g)) : y;
    }

    private sealed class Col2ImBackward0(Tensor cols, Im2ColGeometry geometry) : Node(cols)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g.UnfoldWindows(geometry)];
    }
}
