using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class ConvolutionTests
{
    private static Tensor Input(ulong seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator(seed), DType.Float64, requiresGrad: true);

    /// <summary>y[n, o, i, j] = b[o] + Σ W[o, c, u, v] · x[n, c, i·s − p + u·d, j·s − p + v·d], by direct loops.</summary>
    private static double[] NaiveConv(double[] x, int[] xs, double[] w, int[] ws, double[] b, int s, int p, int d, int outH, int outW)
    {
        var y = new double[xs[0] * ws[0] * outH * outW];
        int idx = 0;
        for (int n = 0; n < xs[0]; n++)
            for (int o = 0; o < ws[0]; o++)
                for (int i = 0; i < outH; i++)
                    for (int j = 0; j < outW; j++)
                    {
                        double sum = b[o];
                        for (int c = 0; c < xs[1]; c++)
                            for (int u = 0; u < ws[2]; u++)
                                for (int v = 0; v < ws[3]; v++)
                                {
                                    int r = i * s - p + u * d, q = j * s - p + v * d;
                                    if (r < 0 || q < 0 || r >= xs[2] || q >= xs[3]) continue;
                                    sum += w[((o * ws[1] + c) * ws[2] + u) * ws[3] + v] * x[((n * xs[1] + c) * xs[2] + r) * xs[3] + q];
                                }
                        y[idx++] = sum;
                    }
        return y;
    }

    [Test]
    public void Conv2dMatchesDirectLoopsWithStridePaddingAndDilation()
    {
        var conv = new Conv2d(2, 3, 3, stride: 2, padding: 2, dilation: 2, generator: new Generator(1), dtype: DType.Float64);
        using var x = Input(2, 2, 2, 7, 6);
        using var y = conv.Forward(x);
        // H' = ⌊(7 + 4 − 4 − 1) / 2⌋ + 1 = 4, W' = ⌊(6 + 4 − 4 − 1) / 2⌋ + 1 = 3.
        Assert.That(y.Shape, Is.EqualTo(new[] { 2, 3, 4, 3 }));
        var expected = NaiveConv(x.ToDoubleArray(), [2, 2, 7, 6], conv.Weight.ToDoubleArray(), [3, 2, 3, 3], conv.Bias!.ToDoubleArray(), 2, 2, 2, 4, 3);
        Assert.That(y.ToDoubleArray(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void Conv2dPassesGradCheck()
    {
        var conv = new Conv2d(2, 2, 2, stride: 1, padding: 1, generator: new Generator(3), dtype: DType.Float64);
        using var x = Input(4, 1, 2, 3, 3);
        Autodiff.GradCheck(p => conv.Forward(p[0]), [x, conv.Weight, conv.Bias!]);
    }

    [Test]
    public void Conv2dWithDilationAndStridePassesGradCheck()
    {
        using var x = Input(5, 1, 1, 6, 5);
        using var w = Input(6, 2, 1, 2, 2);
        Autodiff.GradCheck(p => Functional.Conv2d(p[0], p[1], stride: [2, 1], dilation: [2]), [x, w]);
    }

    [Test]
    public void Conv2dInitialisationIsBoundedByOneOverSqrtFanIn()
    {
        var conv = new Conv2d(4, 32, 3, generator: new Generator(7));
        double bound = 1 / Math.Sqrt(4 * 9);
        var w = conv.Weight.ToDoubleArray();
        Assert.That(w.Max(), Is.LessThan(bound).And.GreaterThan(0.95 * bound));
        Assert.That(w.Min(), Is.GreaterThanOrEqualTo(-bound).And.LessThan(-0.95 * bound));
        Assert.That(conv.Bias!.ToDoubleArray().All(v => Math.Abs(v) <= bound), Is.True);
    }

    [Test]
    public void Conv2dNamesBothShapesWhenChannelsDiffer()
    {
        var conv = new Conv2d(3, 2, 3);
        using var x = Tensor.Zeros(1, 2, 5, 5);
        var ex = Assert.Throws<ArgumentException>(() => conv.Forward(x));
        Assert.That(ex!.Message, Does.StartWith("conv2d:").And.Contain("[1, 2, 5, 5]").And.Contain("[2, 3, 3, 3]"));
    }

    [Test]
    public void Conv2dRejectsAKernelLargerThanThePaddedInput()
    {
        using var x = Tensor.Zeros(1, 1, 2, 2);
        using var w = Tensor.Zeros(1, 1, 3, 3);
        Assert.That(() => Functional.Conv2d(x, w), Throws.ArgumentException.With.Message.Contain("does not fit"));
    }

    [Test]
    public void MaxPoolSendsTheGradientToTheMaximumOfEachWindow()
    {
        using var x = Tensor.From([1.0, 5, 2, 0, 3, 4, 7, 1, -1, -2, 0, 8, -3, -4, 9, 6], 1, 1, 4, 4).RequiresGrad_();
        using var y = new MaxPool2d(2).Forward(x);
        Assert.That(y.ToDoubleArray(), Is.EqualTo(new double[] { 5, 7, -1, 9 }));
        using var loss = y.Sum();
        loss.Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new double[] { 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0 }));
    }

    [Test]
    public void MaxPoolPadsWithMinusInfinityAndPassesGradCheckWithOverlappingWindows()
    {
        using var negative = Tensor.Full([1, 1, 2, 2], -3.0, DType.Float64);
        using var pooled = Functional.MaxPool2d(negative, [2], [1], [1]);
        Assert.That(pooled.ToDoubleArray(), Has.All.EqualTo(-3.0), "padding never wins");
        using var x = Input(8, 2, 2, 5, 4);
        Autodiff.GradCheck(p => Functional.MaxPool2d(p[0], [3], [2], [1]), [x]);
    }

    [Test]
    public void AvgPoolAveragesEachWindowAndCanExcludePadding()
    {
        using var x = Tensor.From([1.0, 2, 3, 4], 1, 1, 2, 2);
        using var plain = new AvgPool2d(2).Forward(x);
        Assert.That(plain.ToDoubleArray(), Is.EqualTo(new[] { 2.5 }));
        using var included = Functional.AvgPool2d(x, [2], [2], [1]);
        Assert.That(included.ToDoubleArray(), Is.EqualTo(new[] { 0.25, 0.5, 0.75, 1 }));
        using var excluded = Functional.AvgPool2d(x, [2], [2], [1], countIncludePad: false);
        Assert.That(excluded.ToDoubleArray(), Is.EqualTo(new double[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void AvgPoolPassesGradCheck()
    {
        using var x = Input(9, 1, 2, 5, 5);
        Autodiff.GradCheck(p => Functional.AvgPool2d(p[0], [3], [2], [1], countIncludePad: false), [x]);
    }

    [Test]
    public void PoolingRejectsPaddingOverHalfTheKernel()
    {
        using var x = Tensor.Zeros(1, 1, 4, 4);
        Assert.That(() => Functional.MaxPool2d(x, [2], padding: [2]), Throws.ArgumentException.With.Message.Contain("at most half"));
    }
}
