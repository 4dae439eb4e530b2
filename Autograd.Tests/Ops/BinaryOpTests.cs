namespace Autograd.Tests.Ops;

public class BinaryOpTests
{
    private static Tensor Input(int[] shape, ulong seed, double low = -2) =>
        Tensor.Uniform(shape, low, 2, new Generator(seed), DType.Float64).RequiresGrad_();

    private static Tensor Mask(params bool[] values) => Tensor.From(values, values.Length);

    /// <summary>Each differentiable binary op, with the lowest value its base (first operand) may take.</summary>
    public static IEnumerable<TestCaseData> Differentiable()
    {
        static TestCaseData Case(string name, Func<Tensor, Tensor, Tensor> op, double low = -2) => new TestCaseData(op, low).SetArgDisplayNames(name);
        yield return Case("pow", Tensor.Pow, low: 0.5);
        yield return Case("maximum", Tensor.Maximum);
        yield return Case("minimum", Tensor.Minimum);
        yield return Case("where", (a, b) => Tensor.Where(a > b, a * a, b));
        yield return Case("masked_fill", (a, b) => (a * b).MaskedFill(a > 0.5, 3.0));
    }

    [TestCaseSource(nameof(Differentiable))]
    public void GradientMatchesFiniteDifferences(Func<Tensor, Tensor, Tensor> op, double low)
    {
        using var a = Input([2, 3], 1, low);
        using var b = Input([2, 3], 2);
        Autodiff.GradCheck(v => op(v[0], v[1]), [a, b]);
    }

    [TestCaseSource(nameof(Differentiable))]
    public void BroadcastGradientMatchesFiniteDifferences(Func<Tensor, Tensor, Tensor> op, double low)
    {
        using var a = Input([2, 3], 3, low);
        using var b = Input([3], 4, low);
        Autodiff.GradCheck(v => op(v[0], v[1]), [a, b]);
        Autodiff.GradCheck(v => op(v[1], v[0]), [a, b]);
    }

    [TestCaseSource(nameof(Differentiable))]
    public void GradientOfTransposedViewsMatchesFiniteDifferences(Func<Tensor, Tensor, Tensor> op, double low)
    {
        using var a = Input([3, 2], 5, low);
        using var b = Input([2, 3], 6);
        Autodiff.GradCheck(v => op(v[0].Transpose(0, 1), v[1]), [a, b]);
    }

    [TestCaseSource(nameof(Differentiable))]
    public void GradientOfTheGradientMatchesFiniteDifferences(Func<Tensor, Tensor, Tensor> op, double low)
    {
        using var a = Input([4], 7, low);
        using var b = Input([4], 8);
        Autodiff.GradCheck(v =>
        {
            using var grad = Tensor.EnableGrad();
            var g = Autodiff.Grad([(op(v[0], v[1]) * op(v[0], v[1])).Sum()], [v[0], v[1]], createGraph: true);
            return g[0]! + g[1]!;
        }, [a, b]);
    }

    [Test]
    public void MaximumAndMinimumSplitTheGradientOfTiesHalfAndHalf()
    {
        using var a = Tensor.From([1.0, 2.0, 3.0], 3).RequiresGrad_();
        using var b = Tensor.From([1.0, 0.0, 5.0], 3).RequiresGrad_();
        (Tensor.Maximum(a, b).Sum() + 10 * Tensor.Minimum(a, b).Sum()).Backward();
        Assert.That(a.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 5.5, 1, 10 }));
        Assert.That(b.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 5.5, 10, 1 }));
    }

    [Test]
    public void MaximumPropagatesNaNFromEitherSide()
    {
        using var a = Tensor.From([double.NaN, 1.0], 2);
        using var b = Tensor.From([0.0, double.NaN], 2);
        using var max = Tensor.Maximum(a, b);
        using var min = Tensor.Minimum(b, a);
        Assert.That(max.ToDoubleArray(), Is.All.NaN);
        Assert.That(min.ToDoubleArray(), Is.All.NaN);
    }

    [Test]
    public void PowHasAFiniteExponentGradientAtAZeroBase()
    {
        using var a = Tensor.From([0.0, 2.0], 2).RequiresGrad_();
        using var b = Tensor.From([2.0, 3.0], 2).RequiresGrad_();
        var y = Tensor.Pow(a, b);
        Assert.That(y.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 8.0 }));
        Assert.That(y.GradFn!.Name, Is.EqualTo("PowBackward1"));
        y.Sum().Backward();
        Assert.That(a.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 12.0 }).Within(1e-12));
        Assert.That(b.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 8 * Math.Log(2) }).Within(1e-12));
    }

    [Test]
    public void IntegerPowStaysInteger()
    {
        using var a = Tensor.From([2, 3], 2);
        using var b = Tensor.From([3, 2], 2);
        using var y = a.Pow(b);
        using var squared = a.Pow(2);
        Assert.That(y.DType, Is.EqualTo(DType.Int32));
        Assert.That(y.ToArray<int>(), Is.EqualTo(new[] { 8, 9 }));
        Assert.That(squared.ToArray<int>(), Is.EqualTo(new[] { 4, 9 }));
    }

    [Test]
    public void ComparisonsGiveBoolAndNeverRecord()
    {
        using var x = Tensor.From([1.0, 2.0, 3.0], 3).RequiresGrad_();
        using var y = Tensor.From([2.0, 2.0, 2.0], 3);
        Tensor[] results = [x.Eq(y), x.Ne(y), x.Lt(y), x.Le(y), x.Gt(y), x.Ge(y)];
        bool[][] expected = [[false, true, false], [true, false, true], [true, false, false], [true, true, false], [false, false, true], [false, true, true]];
        for (int i = 0; i < results.Length; i++)
        {
            Assert.That(results[i].DType, Is.EqualTo(DType.Bool));
            Assert.That(results[i].RequiresGrad, Is.False);
            Assert.That(results[i].ToArray<bool>(), Is.EqualTo(expected[i]));
            results[i].Dispose();
        }
    }

    [Test]
    public void ComparisonOperatorsAcceptTensorsAndScalarsOnEitherSide()
    {
        using var x = Tensor.From([1.0, 2.0, 3.0], 3);
        using var two = Tensor.Scalar(2, DType.Float64);
        Assert.That((x < two).ToArray<bool>(), Is.EqualTo(new[] { true, false, false }));
        Assert.That((x <= 2).ToArray<bool>(), Is.EqualTo(new[] { true, true, false }));
        Assert.That((x > 2).ToArray<bool>(), Is.EqualTo(new[] { false, false, true }));
        Assert.That((x >= two).ToArray<bool>(), Is.EqualTo(new[] { false, true, true }));
        Assert.That((2 < x).ToArray<bool>(), Is.EqualTo(new[] { false, false, true }));
        Assert.That((2 >= x).ToArray<bool>(), Is.EqualTo(new[] { true, true, false }));
        Assert.That(x.Eq(2).ToArray<bool>(), Is.EqualTo(new[] { false, true, false }));
        Assert.That(x.Ne(2).ToArray<bool>(), Is.EqualTo(new[] { true, false, true }));
    }

    [Test]
    public void ComparingIntegersWithAFractionPromotes()
    {
        using var x = Tensor.From([2, 3], 2);
        Assert.That(x.Lt(2.5).ToArray<bool>(), Is.EqualTo(new[] { true, false }));
        using var f = Tensor.From([2.0f, 3.5f], 2);
        Assert.That(x.Eq(f).ToArray<bool>(), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public void ComparisonsBroadcast()
    {
        using var a = Tensor.From([1.0, 5.0], 2, 1);
        using var b = Tensor.From([2.0, 3.0, 6.0], 3);
        using var gt = a > b;
        Assert.That(gt.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(gt.ToArray<bool>(), Is.EqualTo(new[] { false, false, false, true, true, false }));
    }

    [Test]
    public void WhereSelectsAndRoutesGradients()
    {
        using var cond = Mask(true, false, true);
        using var a = Tensor.From([1.0, 2.0, 3.0], 3).RequiresGrad_();
        using var b = Tensor.From([10.0], 1).RequiresGrad_();
        var y = Tensor.Where(cond, a, b);
        Assert.That(y.ToDoubleArray(), Is.EqualTo(new[] { 1.0, 10, 3 }));
        Assert.That(y.GradFn!.Name, Is.EqualTo("WhereBackward0"));
        y.Sum().Backward();
        Assert.That(a.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 1.0, 0, 1 }));
        Assert.That(b.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 1.0 }));
    }

    [Test]
    public void WhereAcceptsScalarBranchesAndPromotes()
    {
        using var cond = Mask(true, false);
        using var a = Tensor.From([1, 2], 2);
        using var b = Tensor.From([0.5, 0.25], 2);
        using var mixed = Tensor.Where(cond, a, b);
        using var left = Tensor.Where(cond, 7.0, b);
        using var right = Tensor.Where(cond, b, -1.0);
        Assert.That(mixed.DType, Is.EqualTo(DType.Float64));
        Assert.That(mixed.ToDoubleArray(), Is.EqualTo(new[] { 1.0, 0.25 }));
        Assert.That(left.ToDoubleArray(), Is.EqualTo(new[] { 7.0, 0.25 }));
        Assert.That(right.ToDoubleArray(), Is.EqualTo(new[] { 0.5, -1.0 }));
    }

    [Test]
    public void MaskedFillReplacesMaskedElementsAndBlocksTheirGradient()
    {
        using var x = Tensor.From([1.0, 2.0, 3.0, 4.0], 2, 2).RequiresGrad_();
        using var mask = Mask(false, true);
        var y = x.MaskedFill(mask, -1e9);
        Assert.That(y.ToDoubleArray(), Is.EqualTo(new[] { 1.0, -1e9, 3, -1e9 }));
        Assert.That(y.GradFn!.Name, Is.EqualTo("MaskedFillBackward0"));
        (y * 2).Sum().Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 2.0, 0, 2, 0 }));
    }

    [Test]
    public void MaskedFillCastsTheValueToTheTensorsDType()
    {
        using var x = Tensor.From([1, 2], 2);
        using var y = x.MaskedFill(Mask(true, false), 7.9);
        Assert.That(y.DType, Is.EqualTo(DType.Int32));
        Assert.That(y.ToArray<int>(), Is.EqualTo(new[] { 7, 2 }));
    }

    [Test]
    public void LogicalOpsFollowTruthTables()
    {
        using var p = Mask(true, true, false, false);
        using var q = Mask(true, false, true, false);
        Assert.That(p.LogicalAnd(q).ToArray<bool>(), Is.EqualTo(new[] { true, false, false, false }));
        Assert.That(p.LogicalOr(q).ToArray<bool>(), Is.EqualTo(new[] { true, true, true, false }));
        Assert.That(p.LogicalNot().ToArray<bool>(), Is.EqualTo(new[] { false, false, true, true }));
        using var numbers = Tensor.From([0.0, -2.0, double.NaN], 3);
        Assert.That(numbers.LogicalNot().ToArray<bool>(), Is.EqualTo(new[] { true, false, false }));
    }

    [Test]
    public void ShapeMismatchesNameTheOpAndBothShapes()
    {
        using var a = Tensor.Zeros(2, 3);
        using var b = Tensor.Zeros(4);
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.Maximum(a, b))!.Message, Does.StartWith("maximum:").And.Contain("[2, 3]").And.Contain("[4]"));
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.Pow(a, b))!.Message, Does.StartWith("pow:"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.Lt(b))!.Message, Does.StartWith("lt:"));
        using var cond = Tensor.Zeros([4], DType.Bool);
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.Where(cond, a, a))!.Message, Does.StartWith("where:").And.Contain("[4]"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.MaskedFill(cond, 0))!.Message, Does.StartWith("masked_fill:").And.Contain("[2, 3]"));
    }

    [Test]
    public void ConditionsAndMasksMustBeBool()
    {
        using var a = Tensor.Zeros(3);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Where(a, a, a));
        Assert.That(ex!.Message, Does.StartWith("where:").And.Contain("Bool").And.Contain("float32"));
        ex = Assert.Throws<ArgumentException>(() => a.MaskedFill(a, 1));
        Assert.That(ex!.Message, Does.StartWith("masked_fill:").And.Contain("float32"));
    }
}
