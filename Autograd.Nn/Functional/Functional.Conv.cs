namespace Autograd.Nn;

public static partial class Functional
{
    /// <summary>
    /// 2-D cross-correlation (<c>F.conv2d</c>, one group): y[n, o] = b[o] + Σ_c W[o, c] ⋆ x[n, c]. Shapes: x [N, C, H, W],
    /// W [O, C, kH, kW], b [O] → y [N, O, H', W'] with H' = ⌊(H + 2·padH − dilH·(kH − 1) − 1) / strideH⌋ + 1 (and likewise W').
    /// Computed as im2col: <see cref="Tensor.Unfold"/> gathers every receptive field into a column [N, C·kH·kW, H'·W'],
    /// and one matrix product with W reshaped to [O, C·kH·kW] gives all outputs; the backward of Unfold (a fold) scatters
    /// the input gradient back. Stride, padding and dilation take one value for both sides or [h, w].
    /// </summary>
    /// <exception cref="ArgumentException">The ranks or channel counts do not match, or the output would be empty.</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int[]? stride = null, int[]? padding = null, int[]? dilation = null)
    {
        if (input.Rank != 4 || weight.Rank != 4 || input.Shape[1] != weight.Shape[1])
            throw new ArgumentException($"conv2d: expected input [N, C, H, W] and weight [O, C, kH, kW] with the same C, got input {Describe(input)} and weight {Describe(weight)}.");
        int n = input.Shape[0], outChannels = weight.Shape[0];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outChannels))
            throw new ArgumentException($"conv2d: expected bias [{outChannels}] for weight {Describe(weight)}, got {Describe(bias)}.");
        int[] kernel = [weight.Shape[2], weight.Shape[3]];
        var s = Pair("conv2d", "stride", stride, 1);
        var p = Pair("conv2d", "padding", padding, 0);
        var d = Pair("conv2d", "dilation", dilation, 1);
        var (outH, outW) = OutputSize("conv2d", input, kernel, s, p, d);

        using var columns = input.Unfold(kernel, d, p, s);
        using var filters = weight.Reshape(outChannels, -1);
        using var product = filters.MatMul(columns);
        if (bias is null) return product.Reshape(n, outChannels, outH, outW);
        using var perChannel = bias.Reshape(outChannels, 1);
        using var shifted = product + perChannel;
        return shifted.Reshape(n, outChannels, outH, outW);
    }

    /// <summary>
    /// 2-D max pooling (<c>F.max_pool2d</c>): the maximum of each kH×kW window. x [N, C, H, W] → [N, C, H', W'] with
    /// H' as for <see cref="Conv2d"/>; the stride defaults to the kernel size. Padding counts as −∞. The gradient goes
    /// to the first maximal element of each window (row-major), as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException">x is not 4-D, the padding exceeds half the kernel, or the output would be empty.</exception>
    public static Tensor MaxPool2d(Tensor input, int[] kernelSize, int[]? stride = null, int[]? padding = null, int[]? dilation = null)
    {
        var (k, s, p, d) = PoolArguments("max_pool2d", input, kernelSize, stride, padding, dilation);
        var (outH, outW) = OutputSize("max_pool2d", input, k, s, p, d);
        int n = input.Shape[0], c = input.Shape[1];
        using var padded = p[0] == 0 && p[1] == 0 ? null : input.Pad([p[1], p[1], p[0], p[0]], double.NegativeInfinity);
        using var columns = (padded ?? input).Unfold(k, d, null, s);
        using var windows = columns.Reshape(n, c, k[0] * k[1], outH * outW);
        var (values, indices) = windows.Max(2);
        indices.Dispose();
        using (values) return values.Reshape(n, c, outH, outW);
    }

    /// <summary>
    /// 2-D average pooling (<c>F.avg_pool2d</c>): the mean of each kH×kW window. x [N, C, H, W] → [N, C, H', W'];
    /// the stride defaults to the kernel size. Padding counts as zeros; with <paramref name="countIncludePad"/> (the
    /// default, as in PyTorch) the divisor is always kH·kW, otherwise the number of real elements in the window.
    /// </summary>
    /// <exception cref="ArgumentException">x is not 4-D, the padding exceeds half the kernel, or the output would be empty.</exception>
    public static Tensor AvgPool2d(Tensor input, int[] kernelSize, int[]? stride = null, int[]? padding = null, bool countIncludePad = true)
    {
        var (k, s, p, d) = PoolArguments("avg_pool2d", input, kernelSize, stride, padding, null);
        var (outH, outW) = OutputSize("avg_pool2d", input, k, s, p, d);
        int n = input.Shape[0], c = input.Shape[1];
        using var columns = input.Unfold(k, d, p, s);
        using var windows = columns.Reshape(n, c, k[0] * k[1], outH * outW);
        if (countIncludePad || (p[0] == 0 && p[1] == 0))
        {
            using var mean = windows.Mean(2);
            return mean.Reshape(n, c, outH, outW);
        }
        using var ones = Tensor.Ones([1, 1, input.Shape[2], input.Shape[3]], input.DType, input.Device);
        using var counted = ones.Unfold(k, d, p, s);
        using var counts = counted.Sum(1);
        using var sums = windows.Sum(2);
        using var averages = sums / counts;
        return averages.Reshape(n, c, outH, outW);
    }

    private static (int[] Kernel, int[] Stride, int[] Padding, int[] Dilation) PoolArguments(
        string op, Tensor input, int[] kernelSize, int[]? stride, int[]? padding, int[]? dilation)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"{op}: expected input [N, C, H, W], got {Describe(input)}.");
        var k = Pair(op, "kernelSize", kernelSize, 1);
        var s = stride is null ? k : Pair(op, "stride", stride, 1);
        var p = Pair(op, "padding", padding, 0);
        var d = Pair(op, "dilation", dilation, 1);
        if (p[0] * 2 > k[0] || p[1] * 2 > k[1])
            throw new ArgumentException($"{op}: padding {Autograd.Shape.Format(p)} should be at most half of the kernel size {Autograd.Shape.Format(k)}.");
        return (k, s, p, d);
    }

    /// <summary>Expands a 1- or 2-element setting to [h, w] and checks it is in range (positive, or non-negative for padding).</summary>
    private static int[] Pair(string op, string name, int[]? value, int fallback)
    {
        int[] pair = value switch
        {
            null => [fallback, fallback],
            [var both] => [both, both],
            [var h, var w] => [h, w],
            _ => throw new ArgumentException($"{op}: {name} must have 1 or 2 values, got {Autograd.Shape.Format(value)}."),
        };
        int min = name == "padding" ? 0 : 1;
        if (pair[0] < min || pair[1] < min)
            throw new ArgumentException($"{op}: {name} must be at least {min}, got {Autograd.Shape.Format(pair)}.");
        return pair;
    }

    /// <summary>H' = ⌊(H + 2p − d(k − 1) − 1) / s⌋ + 1 and likewise W'; both must be positive.</summary>
    private static (int H, int W) OutputSize(string op, Tensor input, int[] k, int[] s, int[] p, int[] d)
    {
        int spanH = input.Shape[2] + 2 * p[0] - d[0] * (k[0] - 1), spanW = input.Shape[3] + 2 * p[1] - d[1] * (k[1] - 1);
        if (spanH < 1 || spanW < 1)
            throw new ArgumentException(
                $"{op}: the kernel {Autograd.Shape.Format(k)} (dilation {Autograd.Shape.Format(d)}) does not fit the input {Describe(input)} with padding {Autograd.Shape.Format(p)}.");
        return ((spanH - 1) / s[0] + 1, (spanW - 1) / s[1] + 1);
    }
}
