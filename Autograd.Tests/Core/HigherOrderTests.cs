namespace Autograd.Tests.Core;

/// <summary>Gradients of gradients: possible because every backward formula is made of differentiable ops.</summary>
public class HigherOrderTests
{
    private static Tensor SmoothActivation(Tensor x)
    {
        var e = (x * 2).Exp();
        return (e - 1) / (e + 1);
    }

    private static Tensor Loss(Tensor x, Tensor w1, Tensor w2)
    {
        var h = SmoothActivation(x.MatMul(w1));
        var y = h.MatMul(w2);
        return (y * y).Sum();
    }

    private static double[] Gradient(Tensor x, double[] w1Values, Tensor w2)
    {
        var w1 = Tensor.From(w1Values, 3, 4).RequiresGrad_();
        return Autodiff.Grad([Loss(x, w1, w2)], [w1])[0]!.ToArray<double>();
    }

    [Test]
    public void HessianVectorProductOfASmallMlpMatchesFiniteDifferencesOfTheGradient()
    {
        var gen = new Generator(11);
        var x = Tensor.Randn([5, 3], gen, DType.Float64);
        var w1 = Tensor.Randn([3, 4], gen, DType.Float64).RequiresGrad_();
        var w2 = Tensor.Randn([4, 2], gen, DType.Float64);
        var v = Tensor.Randn([3, 4], gen, DType.Float64);

        var g = Autodiff.Grad([Loss(x, w1, w2)], [w1], createGraph: true)[0]!;
        var hvp = Autodiff.Grad([(g * v).Sum()], [w1])[0]!.ToArray<double>();

        const double eps = 1e-6;
        double[] w = w1.ToArray<double>(), dir = v.ToArray<double>();
        var plus = Gradient(x, w.Select((wi, i) => wi + eps * dir[i]).ToArray(), w2);
        var minus = Gradient(x, w.Select((wi, i) => wi - eps * dir[i]).ToArray(), w2);
        var numeric = plus.Select((p, i) => (p - minus[i]) / (2 * eps)).ToArray();
        Assert.That(hvp, Is.EqualTo(numeric).Within(1e-6));
    }
}

public class GradGradCheckTests
{
    private static Tensor Input(params int[] shape) => Tensor.Randn(shape, new Generator(5), DType.Float64, requiresGrad: true);

    private static readonly Tensor C = Tensor.Randn([3], new Generator(9), DType.Float64);

    [Test]
    public void ExpHasCorrectSecondDerivatives() => Autodiff.GradGradCheck(x => x[0].Exp() * C, [Input(3)]);

    [Test]
    public void ProductsHaveCorrectSecondDerivatives() => Autodiff.GradGradCheck(x => x[0] * x[0] * x[1], [Input(3), Input(2, 3)]);

    [Test]
    public void QuotientsHaveCorrectSecondDerivatives() => Autodiff.GradGradCheck(x => C / (x[0] * x[0] + 1) + x[1] / x[0], [Input(3), Input(3)]);

    [Test]
    public void DifferencesThroughBroadcastHaveCorrectSecondDerivatives() => Autodiff.GradGradCheck(x => (C - x[0]) * (x[0] - x[1]), [Input(3), Input(2, 1)]);

    [Test]
    public void MatMulHasCorrectSecondDerivatives() => Autodiff.GradGradCheck(x => { var m = x[0].MatMul(x[1]); return m * m; }, [Input(2, 3), Input(3, 4)]);

    [Test]
    public void GradGradCheckCatchesAFirstOrderOnlyGraph()
    {
        // Detaching inside the function hides the second-order path, so the check must fail.
        Assert.Throws<GradCheckException>(() => Autodiff.GradGradCheck(x => x[0] * x[0].Detach() * x[0], [Input(3)]));
    }
}
