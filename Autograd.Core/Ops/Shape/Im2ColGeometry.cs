namespace Autograd;

/// <summary>
/// The sliding-window geometry shared by <see cref="Tensor.Unfold"/> and <see cref="Tensor.Fold"/>: kernel size,
/// dilation, zero padding and stride per spatial dimension (height, width).
/// </summary>
internal readonly record struct Im2ColGeometry(int KH, int KW, int DH, int DW, int PH, int PW, int SH, int SW)
{
    /// <summary>Parses F.unfold/F.fold arguments: each is one value for both dimensions or a (height, width) pair.</summary>
    public static Im2ColGeometry From(string op, int[] kernelSize, int[]? dilation, int[]? padding, int[]? stride)
    {
        var (kh, kw) = Pair(op, "kernelSize", kernelSize, 1);
        var (dh, dw) = Pair(op, "dilation", dilation ?? [1], 1);
        var (ph, pw) = Pair(op, "padding", padding ?? [0], 0);
        var (sh, sw) = Pair(op, "stride", stride ?? [1], 1);
        return new(kh, kw, dh, dw, ph, pw, sh, sw);
    }

    /// <summary>One value (used for both) or a (height, width) pair, each at least <paramref name="min"/>.</summary>
    public static (int, int) Pair(string op, string name, int[] values, int min)
    {
        if (values.Length is not (1 or 2) || values.Any(v => v < min))
            throw new ArgumentException($"{op}: {name} must be one value or a (height, width) pair, each at least {min}; got {Shape.Format(values)}.");
        return (values[0], values[^1]);
    }

    /// <summary>Number of window positions along one dimension: ⌊(size + 2·pad − dilation·(kernel − 1) − 1) / stride⌋ + 1, or 0 when none fits.</summary>
    private static int Blocks(int size, int kernel, int dilation, int pad, int stride)
    {
        int slack = size + 2 * pad - dilation * (kernel - 1) - 1;
        return slack < 0 ? 0 : slack / stride + 1;
    }

    public int BlocksH(int height) => Blocks(height, KH, DH, PH, SH);

    public int BlocksW(int width) => Blocks(width, KW, DW, PW, SW);

    public override string ToString() =>
        $"kernel [{KH}, {KW}], dilation [{DH}, {DW}], padding [{PH}, {PW}], stride [{SH}, {SW}]";
}
