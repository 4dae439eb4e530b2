namespace Autograd.Tests.Ops;

public class UnaryOpTests
{
    private static Tensor Input(int[] shape, bool positive, ulong seed = 3) =>
        (positive ? Tensor.Uniform(shape, 0.5, 2.0, new Generator(seed), DType.Float64) : Tensor.Randn(shape, new Generator(seed), DType.Float64)).RequiresGrad_();

    private static double[] Values(Func<Tensor, Tensor> op, params double[] x)
    {
        using var t = Tensor.From(x, x.Length);
        using var y = op(t);
        return y.ToDoubleArray();
    }

    /// <summary>Every differentiable unary op, with whether its domain needs positive inputs.</summary>
    public static IEnumerable<TestCaseData> Differentiable()
    {
        static TestCaseData Case(string name, Func<Tensor, Tensor> op, bool positive = false) => new TestCaseData(op, positive).SetArgDisplayNames(name);
        yield return Case("abs", x => x.Abs());
        yield return Case("log", x => x.Log(), positive: true);
        yield return Case("log1p", x => x.Log1p(), positive: true);
        yield return Case("sqrt", x => x.Sqrt(), positive: true);
        yield return Case("rsqrt", x => x.Rsqrt(), positive: true);
        yield return Case("reciprocal", x => x.Reciprocal(), positive: true);
        yield return Case("sin", x => x.Sin());
        yield return Case("cos", x => x.Cos());
        yield return Case("tanh", x => x.Tanh());
        yield return Case("sigmoid", x => x.Sigmoid());
        yield return Case("relu", x => x.Relu());
        yield return Case("leaky_relu", x => x.LeakyRelu(0.2));
        yield return Case("gelu", x => x.Gelu());
        yield return Case("gelu_tanh", x => x.Gelu(tanhApproximation: true));
        yield return Case("silu", x => x.Silu());
        yield return Case("softplus", x => x.Softplus(beta: 2, threshold: 1));
        yield return Case("erf", x => x.Erf());
        yield return Case("pow_2.5", x => x.Pow(2.5), positive: true);
        yield return Case("pow_3", x => x.Pow(3));
        yield return Case("pow_0", x => x.Pow(0));
        yield return Case("clamp", x => x.Clamp(-0.5, 0.7));
        yield return Case("clamp_min", x => x.Clamp(0.1, null));
        yield return Case("sign", x => x.Sign());
        yield return Case("exp", x => x.Exp());
    }

    /// <summary>The ops whose gradient is itself differentiable (pow 0 has a constant zero gradient, with no graph).</summary>
    public static IEnumerable<TestCaseData> TwiceDifferentiable() =>
        Differentiable().Where(c => c.ArgDisplayNames![0] is not ("abs" or "pow_0" or "relu" or "leaky_relu" or "clamp" or "clamp_min" or "sign"));

    [TestCaseSource(nameof(Differentiable))]
    public void GradientMatchesFiniteDifferences(Func<Tensor, Tensor> op, bool positive)
    {
        using var x = Input([3, 4], positive);
        Autodiff.GradCheck(v => op(v[0]), [x]);
    }

    [TestCaseSource(nameof(Differentiable))]
    public void GradientOfATransposedViewMatchesFiniteDifferences(Func<Tensor, Tensor> op, bool positive)
    {
        using var x = Input([4, 3], positive);
        Autodiff.GradCheck(v => op(v[0].Transpose(0, 1)) * Tensor.Arange(1, 5, 1, DType.Float64).Reshape(1, 4), [x]);
    }

    [TestCaseSource(nameof(Differentiable))]
    public void GradientThroughABroadcastInputSumsOverTheCopies(Func<Tensor, Tensor> op, bool positive)
    {
        using var x = Input([3], positive);
        Autodiff.GradCheck(v => op(v[0].Expand(2, 3)), [x]);
    }

    [TestCaseSource(nameof(TwiceDifferentiable))]
    public void GradientOfTheGradientMatchesFiniteDifferences(Func<Tensor, Tensor> op, bool positive)
    {
        using var x = Input([5], positive);
        Autodiff.GradCheck(v =>
        {
            using var grad = Tensor.EnableGrad();
            return Autodiff.Grad([op(v[0]).Sum()], [v[0]], createGraph: true)[0]!;
        }, [x]);
    }

    [Test]
    public void ReluBackwardIsDifferentiableInTheIncomingGradient()
    {
        // d/dx Σ relu(x)·x² = [x > 0]·x² + relu(x)·2x: the first term is ReLU's backward applied to a gradient that
        // depends on x, so differentiating it again goes through threshold_backward's own backward.
        using var x = Input([6], positive: false, seed: 5);
        Autodiff.GradCheck(v =>
        {
            using var grad = Tensor.EnableGrad();
            return Autodiff.Grad([(v[0].Relu() * v[0] * v[0]).Sum()], [v[0]], createGraph: true)[0]!;
        }, [x]);
        using (Tensor.EnableGrad())
        {
            var gradient = Autodiff.Grad([x.Relu().Sum()], [x], createGraph: true)[0]!;
            Assert.That(gradient.GradFn?.Name, Is.EqualTo("ThresholdBackwardBackward0"), "as in PyTorch, the gradient of a graph is part of a graph");
        }
        using var y = Tensor.From([-1.0, double.NaN, 2]).RequiresGrad_();
        y.Relu().Backward(Tensor.From([5.0, 6, 7]));
        Assert.That(y.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 6, 7 }), "as PyTorch's threshold_backward, a NaN output passes its gradient");
    }

    [Test]
    public void SecondDerivativeOfCubeIsSixX()
    {
        using var x = Tensor.From([-1.5, 0.5, 2.0], 3).RequiresGrad_();
        var dy = Autodiff.Grad([x.Pow(3).Sum()], [x], createGraph: true)[0]!;
        Assert.That(dy.ToDoubleArray(), Is.EqualTo(new[] { 6.75, 0.75, 12.0 }).Within(1e-12));
        var d2y = Autodiff.Grad([dy.Sum()], [x])[0]!;
        Assert.That(d2y.ToDoubleArray(), Is.EqualTo(new[] { -9.0, 3.0, 12.0 }).Within(1e-12));
    }

    [Test]
    public void ForwardValuesMatchTheirDefinitions()
    {
        Assert.That(Values(x => x.Abs(), -2, 0, 3), Is.EqualTo(new[] { 2.0, 0, 3 }));
        Assert.That(Values(x => x.Sign(), -2, 0, 3), Is.EqualTo(new[] { -1.0, 0, 1 }));
        Assert.That(Values(x => x.Log(), Math.E, 1, 0), Is.EqualTo(new[] { 1.0, 0, double.NegativeInfinity }));
        Assert.That(Values(x => x.Log1p(), 1e-10), Is.EqualTo(new[] { 9.999999999500001e-11 }).Within(1e-26));
        Assert.That(Values(x => x.Sqrt(), 4, 2.25), Is.EqualTo(new[] { 2.0, 1.5 }));
        Assert.That(Values(x => x.Rsqrt(), 4), Is.EqualTo(new[] { 0.5 }));
        Assert.That(Values(x => x.Reciprocal(), 4, -0.5), Is.EqualTo(new[] { 0.25, -2 }));
        Assert.That(Values(x => x.Sin(), Math.PI / 2), Is.EqualTo(new[] { 1.0 }).Within(1e-15));
        Assert.That(Values(x => x.Cos(), 0), Is.EqualTo(new[] { 1.0 }));
        Assert.That(Values(x => x.Tanh(), 0, 1), Is.EqualTo(new[] { 0, Math.Tanh(1) }));
        Assert.That(Values(x => x.Sigmoid(), 0, 1, -800), Is.EqualTo(new[] { 0.5, 0.7310585786300049, 0 }).Within(1e-16));
        Assert.That(Values(x => x.Relu(), -1, 0, 2), Is.EqualTo(new[] { 0.0, 0, 2 }));
        Assert.That(Values(x => x.LeakyRelu(0.1), -2, 3), Is.EqualTo(new[] { -0.2, 3 }).Within(1e-16));
        Assert.That(Values(x => x.Gelu(), 1), Is.EqualTo(new[] { 0.8413447460685429 }).Within(1e-15));
        Assert.That(Values(x => x.Gelu(tanhApproximation: true), 1), Is.EqualTo(new[] { 0.8411919906082768 }).Within(1e-15));
        Assert.That(Values(x => x.Silu(), 1), Is.EqualTo(new[] { 0.7310585786300049 }).Within(1e-15));
        Assert.That(Values(x => x.Softplus(), 0, 30, -50), Is.EqualTo(new[] { Math.Log(2), 30, Math.Exp(-50) }).Within(1e-12).Percent);
        Assert.That(Values(x => x.Pow(2.5), 2), Is.EqualTo(new[] { 5.656854249492381 }).Within(1e-14));
        Assert.That(Values(x => x.Pow(2), -3), Is.EqualTo(new[] { 9.0 }));
        Assert.That(Values(x => x.Clamp(-0.5, 0.7), -1, 0.2, 0.9), Is.EqualTo(new[] { -0.5, 0.2, 0.7 }));
    }

    [Test]
    public void Float32KernelsAgreeWithFloat64()
    {
        var x = new[] { -3.0, -0.4, 0.3, 1.7, 4.2 };
        Func<Tensor, Tensor>[] ops = [v => v.Gelu(), v => v.Gelu(true), v => v.Silu(), v => v.Softplus(), v => v.Erf(), v => v.Tanh(), v => v.Sigmoid(), v => v.Abs().Log1p()];
        foreach (var op in ops)
        {
            using var t64 = Tensor.From(x, x.Length);
            using var t32 = t64.To(DType.Float32);
            using var y64 = op(t64);
            using var y32 = op(t32);
            Assert.That(y32.DType, Is.EqualTo(DType.Float32));
            var expected = y64.ToDoubleArray();
            var actual = y32.ToDoubleArray();
            for (int i = 0; i < x.Length; i++) Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-6 * Math.Max(1, Math.Abs(expected[i]))));
        }
    }

    [Test]
    public void IntegerTensorsKeepTheirDTypeForAbsSignReluAndClamp()
    {
        using var x = Tensor.From([-3, 0, 5], 3);
        using var abs = x.Abs();
        using var sign = x.Sign();
        using var relu = x.Relu();
        using var clamp = x.Clamp(-1, 2);
        Assert.That(abs.DType, Is.EqualTo(DType.Int32));
        Assert.That(abs.ToArray<int>(), Is.EqualTo(new[] { 3, 0, 5 }));
        Assert.That(sign.ToArray<int>(), Is.EqualTo(new[] { -1, 0, 1 }));
        Assert.That(relu.ToArray<int>(), Is.EqualTo(new[] { 0, 0, 5 }));
        Assert.That(clamp.ToArray<int>(), Is.EqualTo(new[] { -1, 0, 2 }));
    }

    [Test]
    public void FloatingPointOnlyOpsNameThemselvesWhenGivenIntegers()
    {
        using var x = Tensor.From([1, 2], 2);
        var ex = Assert.Throws<ArgumentException>(() => x.Log());
        Assert.That(ex!.Message, Does.StartWith("log:").And.Contain("int32").And.Contain("[2]"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Gelu())!.Message, Does.StartWith("gelu:"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Tanh())!.Message, Does.StartWith("tanh:"));
    }

    [Test]
    public void NodesCarryPyTorchNames()
    {
        using var x = Input([2], positive: true);
        Assert.That(x.Log1p().GradFn!.Name, Is.EqualTo("Log1PBackward0"));
        Assert.That(x.Pow(2.0).GradFn!.Name, Is.EqualTo("PowBackward0"));
        Assert.That(x.Clamp(0, 1).GradFn!.Name, Is.EqualTo("ClampBackward1"));
        Assert.That(x.Gelu().GradFn!.Name, Is.EqualTo("GeluBackward0"));
        using (Tensor.NoGrad()) Assert.That(x.Tanh().GradFn, Is.Null);
    }

    [Test]
    public void ReluAndAbsHaveZeroGradientAtZero()
    {
        using var x = Tensor.From([0.0, 0.0], 2).RequiresGrad_();
        (x.Relu() + x.Abs()).Sum().Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 0.0 }));
    }

    [Test]
    public void SignGivesALeafAZeroGradientRatherThanNone()
    {
        using var x = Tensor.From([-1.0, 2.0], 2).RequiresGrad_();
        x.Sign().Sum().Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 0.0 }));
    }
}
