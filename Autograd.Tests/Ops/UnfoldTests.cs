namespace Autograd.Tests.Ops;

public class UnfoldTests
{
    private static Tensor Input(ulong seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator(seed), DType.Float64, requiresGrad: true);

    private static double Dot(Tensor a, Tensor b)
    {
        using var product = a * b;
        using var sum = product.Sum();
        return sum.Item();
    }

    /// <summary>im2col written out as loops over the input: the definition Unfold must reproduce.</summary>
    private static double[] NaiveUnfold(double[] x, int n, int c, int h, int w, int k, int dilation, int pad, int stride)
    {
        int oh = (h + 2 * pad - dilation * (k - 1) - 1) / stride + 1, ow = (w + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        var result = new double[n * c * k * k * oh * ow];
        int p = 0;
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++)
                        for (int r = 0; r < oh; r++)
                            for (int q = 0; q < ow; q++)
                            {
                                int y = r * stride + i * dilation - pad, xx = q * stride + j * dilation - pad;
                                result[p++] = y < 0 || y >= h || xx < 0 || xx >= w ? 0 : x[((b * c + ch) * h + y) * w + xx];
                            }
        return result;
    }

    [Test]
    public void UnfoldOfASmallImageListsEachWindowAsAColumn()
    {
        using var x = Tensor.Arange(0, 9, dtype: DType.Float64).Reshape(1, 1, 3, 3);

        using var cols = x.Unfold([2]);

        Assert.That(cols.Shape, Is.EqualTo(new[] { 1, 4, 4 }));
        // Rows are kernel positions (0,0) (0,1) (1,0) (1,1); columns are windows in row-major order.
        Assert.That(cols.ToArray<double>(), Is.EqualTo(new double[] { 0, 1, 3, 4, 1, 2, 4, 5, 3, 4, 6, 7, 4, 5, 7, 8 }));
    }

    [TestCase(3, 1, 0, 1)]
    [TestCase(3, 1, 1, 2)]
    [TestCase(2, 2, 1, 1)]
    [TestCase(3, 2, 2, 3)]
    public void UnfoldMatchesTheLoopDefinition(int k, int dilation, int pad, int stride)
    {
        using var x = Tensor.Randn([2, 3, 5, 6], new Generator(1), DType.Float64);

        using var cols = x.Unfold([k], [dilation], [pad], [stride]);

        Assert.That(cols.ToArray<double>(), Is.EqualTo(NaiveUnfold(x.ToArray<double>(), 2, 3, 5, 6, k, dilation, pad, stride)).Within(1e-15));
    }

    [Test]
    public void UnfoldAcceptsSeparateHeightAndWidthArguments()
    {
        using var x = Tensor.Randn([1, 2, 5, 7], new Generator(2), DType.Float64);

        using var cols = x.Unfold([2, 3], dilation: [1, 2], padding: [1, 0], stride: [2, 1]);

        // oh = (5 + 2 - 1 - 1) / 2 + 1 = 3, ow = (7 - 4 - 1) / 1 + 1 = 3.
        Assert.That(cols.Shape, Is.EqualTo(new[] { 1, 2 * 2 * 3, 9 }));
    }

    [TestCase(2, 1, 0, 1)]
    [TestCase(3, 1, 1, 2)]
    [TestCase(3, 2, 2, 1)]
    [TestCase(2, 1, 1, 3)]
    public void FoldIsTheAdjointOfUnfold(int k, int dilation, int pad, int stride)
    {
        using var x = Tensor.Randn([2, 3, 5, 6], new Generator(3), DType.Float64);
        using var ux = x.Unfold([k], [dilation], [pad], [stride]);
        using var y = Tensor.Randn(ux.ShapeArray, new Generator(4), DType.Float64);

        using var fy = Tensor.Fold(y, [5, 6], [k], [dilation], [pad], [stride]);

        Assert.That(fy.Shape, Is.EqualTo(new[] { 2, 3, 5, 6 }));
        Assert.That(Dot(ux, y), Is.EqualTo(Dot(x, fy)).Within(1e-10));
    }

    [Test]
    public void FoldAddsOverlappingWindows()
    {
        using var ones = Tensor.Ones([1, 4, 4], DType.Float64);

        using var counts = Tensor.Fold(ones, [3, 3], [2]);

        Assert.That(counts.ToArray<double>(), Is.EqualTo(new double[] { 1, 2, 1, 2, 4, 2, 1, 2, 1 }));
    }

    [Test]
    public void UnfoldAndFoldPassGradCheckIncludingNonContiguousInputs()
    {
        Autodiff.GradCheck(t => t[0].Permute(0, 1, 3, 2).Unfold([2], padding: [1], stride: [2]), [Input(5, 1, 2, 3, 4)]);
        Autodiff.GradCheck(t => t[0].Unfold([2], dilation: [2]), [Input(6, 2, 1, 4, 3)]);
        Autodiff.GradCheck(t => Tensor.Fold(t[0].Transpose(1, 2), [3, 4], [2], padding: [1], stride: [2]), [Input(7, 1, 6, 8)]);
    }

    [Test]
    public void UnfoldAndFoldAreDifferentiableTwice()
    {
        // d/dx ⟨Unfold(x)², w⟩ = Fold(2·Unfold(x)·w): checking it against finite differences runs Fold's backward
        // (Unfold) inside Unfold's backward, as a convolution's double backward will.
        Autodiff.GradCheck(t =>
        {
            using var grad = Tensor.EnableGrad();
            var cols = t[0].Unfold([2], padding: [1]);
            return Autodiff.Grad([(cols * cols * t[1]).Sum()], [t[0]], createGraph: true)[0]!;
        }, [Input(8, 1, 2, 3, 3), Input(9, 1, 8, 16)]);
    }

    [Test]
    public void AConvolutionComposedFromUnfoldAndMatMulIsTwiceDifferentiable()
    {
        // conv2d(x, w) = (w.view(O, C·k·k) @ unfold(x)).view(N, O, oh, ow); its gradient with respect to x, taken with
        // createGraph, is checked against finite differences in both x and w.
        Autodiff.GradCheck(t =>
        {
            using var grad = Tensor.EnableGrad();
            var conv = t[1].Reshape(2, 8).MatMul(t[0].Unfold([2], padding: [1], stride: [2])).Reshape(1, 2, 2, 2);
            return Autodiff.Grad([(conv * conv).Sum()], [t[0]], createGraph: true)[0]!;
        }, [Input(10, 1, 2, 3, 3), Input(11, 2, 2, 2, 2)]);
    }

    [Test]
    public void BadShapesAreReportedWithTheOpAndTheGeometry()
    {
        using var x = Tensor.Zeros([1, 1, 3, 3], DType.Float64);
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.Zeros([3, 3], DType.Float64).Unfold([2]))!.Message,
            Does.Contain("unfold: expected a 4-D input [N, C, H, W], got shape [3, 3]"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Unfold([4]))!.Message,
            Does.Contain("unfold: the window (kernel [4, 4], dilation [1, 1], padding [0, 0], stride [1, 1]) does not fit in the input of shape [1, 1, 3, 3]"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Unfold([2], stride: [0]))!.Message,
            Does.Contain("unfold: stride must be one value or a (height, width) pair, each at least 1; got [0]"));
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.Fold(Tensor.Zeros([1, 4, 5], DType.Float64), [3, 3], [2]))!.Message,
            Does.Contain("fold: an input of shape [1, 4, 5] does not match output size [3, 3]").And.Contain("the number of windows, 4"));
    }
}
