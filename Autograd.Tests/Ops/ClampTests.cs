namespace Autograd.Tests.Ops;

public class ClampTests
{
    [Test]
    public void GradientIsOneInsideTheBoundsIncludingTheBoundsThemselves()
    {
        using var x = Tensor.From([-1.0, -0.5, 0.0, 0.7, 1.0], 5).RequiresGrad_();
        var y = x.Clamp(-0.5, 0.7);
        Assert.That(y.ToDoubleArray(), Is.EqualTo(new[] { -0.5, -0.5, 0.0, 0.7, 0.7 }));
        y.Sum().Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 1, 1, 1, 0 }));
    }

    [Test]
    public void OneSidedClampLeavesTheOtherSideOpen()
    {
        using var x = Tensor.From([-3.0, 0.0, 3.0], 3);
        Assert.That(x.Clamp(null, 1).ToDoubleArray(), Is.EqualTo(new[] { -3.0, 0, 1 }));
        Assert.That(x.Clamp(-1, null).ToDoubleArray(), Is.EqualTo(new[] { -1.0, 0, 3 }));
    }

    [Test]
    public void MinAboveMaxGivesMaxEverywhereAsInPyTorch()
    {
        using var x = Tensor.From([-3.0, 0.0, 3.0], 3);
        Assert.That(x.Clamp(2, 1).ToDoubleArray(), Is.EqualTo(new[] { 1.0, 1, 1 }));
    }

    [Test]
    public void NaNPassesThroughWithZeroGradient()
    {
        using var x = Tensor.From([double.NaN, 0.5], 2).RequiresGrad_();
        var y = x.Clamp(0, 1);
        Assert.That(double.IsNaN(y.ToDoubleArray()[0]), Is.True);
        y.Sum().Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 1 }));
    }

    [Test]
    public void ClampWithoutBoundsIsRejected()
    {
        using var x = Tensor.Zeros(2);
        Assert.That(Assert.Throws<ArgumentException>(() => x.Clamp(null, null))!.Message, Does.StartWith("clamp:"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.ClampInPlace(null, null))!.Message, Does.StartWith("clamp_:"));
        using var b = Tensor.Zeros([2], DType.Bool);
        Assert.That(Assert.Throws<ArgumentException>(() => b.Clamp(0, 1))!.Message, Does.StartWith("clamp:").And.Contain("bool"));
    }

    [Test]
    public void ClampInPlaceOverwritesAndBumpsTheVersion()
    {
        using var x = Tensor.From([-2.0, 0.25, 2.0], 3);
        using var view = x.Reshape(3, 1);
        int before = x.Version;
        var result = x.ClampInPlace(-1, 1);
        Assert.That(result, Is.SameAs(x));
        Assert.That(x.ToDoubleArray(), Is.EqualTo(new[] { -1.0, 0.25, 1 }));
        Assert.That(x.Version, Is.EqualTo(before + 1));
        Assert.That(view.Version, Is.EqualTo(before + 1), "views share the version counter");
    }

    [Test]
    public void ClampInPlaceRefusesALeafThatRequiresGradUnlessGradIsOff()
    {
        using var w = Tensor.From([-2.0, 2.0], 2).RequiresGrad_();
        var ex = Assert.Throws<InvalidOperationException>(() => w.ClampInPlace(-1, 1));
        Assert.That(ex!.Message, Does.StartWith("clamp_:").And.Contain("leaf"));
        using (Tensor.NoGrad()) w.ClampInPlace(-1, 1);
        Assert.That(w.ToDoubleArray(), Is.EqualTo(new[] { -1.0, 1 }));
        Assert.That(w.IsLeaf, Is.True);
    }

    [Test]
    public void ClampInPlaceOnAComputedTensorStaysDifferentiable()
    {
        using var x = Tensor.From([-2.0, 0.25, 2.0], 3).RequiresGrad_();
        var y = x * 3;
        y.ClampInPlace(-1, 1);
        Assert.That(y.GradFn!.Name, Is.EqualTo("ClampBackward1"));
        y.Sum().Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 3, 0 }));
    }

    [Test]
    public void ClampInPlaceOfASavedTensorIsDetectedAtBackward()
    {
        using var x = Tensor.From([0.5, 1.5], 2).RequiresGrad_();
        var y = x.Exp();
        y.ClampInPlace(null, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.That(ex!.Message, Does.Contain("modified by an in-place operation").And.Contain("ExpBackward0"));
    }

    [Test]
    public void ClampInPlaceOfAnIntegerTensorKeepsInteger()
    {
        using var x = Tensor.From([-5, 0, 5], 3);
        x.ClampInPlace(-1, 2);
        Assert.That(x.ToArray<int>(), Is.EqualTo(new[] { -1, 0, 2 }));
        var ex = Assert.Throws<ArgumentException>(() => x.ClampInPlace(0.5, null));
        Assert.That(ex!.Message, Does.StartWith("clamp_:").And.Contain("int32"));
    }

    [Test]
    public void ClampInPlaceGradientMatchesFiniteDifferences()
    {
        using var x = Tensor.Randn([3, 4], new Generator(11), DType.Float64, requiresGrad: true);
        Autodiff.GradCheck(v => (v[0] * 2).ClampInPlace(-0.5, 0.5) * v[0], [x]);
    }
}
