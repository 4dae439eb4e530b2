namespace Autograd.Tests.Gpu;

/// <summary>
/// The autograd semantics of Core/AutogradSemanticsTests, run with every tensor on the device under test: the engine
/// is device-agnostic, so accumulation, retained graphs, grad modes, version checks, hooks and higher-order gradients
/// must behave exactly as on the CPU, and every gradient must stay on the device.
/// </summary>
[TestFixtureSource(typeof(DeviceTest), nameof(EveryDevice))]
public class DeviceAutogradSemanticsTests(string device) : DeviceTest(device)
{
    private Tensor Leaf(params double[] values) => Tensor.From(values).To(Gpu).RequiresGrad_();

    private double[] OnDevice(Tensor t)
    {
        Assert.That(t.Device, Is.SameAs(Gpu));
        return t.ToArray<double>();
    }

    [Test]
    public void LeafGradientsAccumulateAcrossBackwardCallsUntilCleared()
    {
        var a = Leaf(1, 2);
        (a * 3).Sum().Backward();
        (a * 3).Sum().Backward();
        Assert.That(OnDevice(a.Grad!), Is.EqualTo(new[] { 6.0, 6.0 }));
        a.Grad = null;
        (a * 3).Sum().Backward();
        Assert.That(OnDevice(a.Grad!), Is.EqualTo(new[] { 3.0, 3.0 }));
    }

    [Test]
    public void SecondBackwardThroughAFreedGraphExplainsRetainGraph()
    {
        var a = Leaf(1, 2);
        var y = (a * a).Sum();
        y.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.That(ex!.Message, Does.Contain("second time").And.Contain("retainGraph: true"));
    }

    [Test]
    public void RetainGraphAllowsASecondBackwardThatAccumulates()
    {
        var a = Leaf(1, 2);
        var y = (a * a).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.That(OnDevice(a.Grad!), Is.EqualTo(new[] { 4.0, 8.0 }));
    }

    [Test]
    public void NoGradResultsHaveNoHistoryAndEnableGradReenables()
    {
        var a = Leaf(1, 2);
        using (Tensor.NoGrad())
        {
            var y = a.Exp() * 2;
            Assert.That(y.RequiresGrad, Is.False);
            Assert.That(y.GradFn, Is.Null);
            using (Tensor.EnableGrad()) Assert.That((a * 2).GradFn!.Name, Is.EqualTo("MulBackward0"));
        }
        Assert.That((a * 2).RequiresGrad, Is.True);
    }

    [Test]
    public void ModifyingASavedTensorMakesBackwardNameTheOpAndVersions()
    {
        var a = Leaf(1, 2);
        var b = a * 1;
        var y = (b * b).Sum();
        b.AddInPlace(1);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.That(ex!.Message, Does.Contain("MulBackward0").And.Contain("version 1").And.Contain("expected version 0"));
    }

    [Test]
    public void InPlaceOnALeafThatRequiresGradThrowsOutsideNoGradAndUpdatesTheDeviceInside()
    {
        var w = Leaf(1, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => w.AddInPlace(1));
        Assert.That(ex!.Message, Does.Contain("leaf").And.Contain("NoGrad"));
        (w * w).Sum().Backward();
        using (Tensor.NoGrad()) w.SubInPlace(w.Grad! * 0.25);
        Assert.That(OnDevice(w), Is.EqualTo(new[] { 0.5, 1.0 }));
        Assert.That(w.IsLeaf, Is.True);
    }

    [Test]
    public void InPlaceOnANonLeafRecordsTheOpInItsHistory()
    {
        var a = Leaf(1, 2);
        var h = a * 3;
        h.AddInPlace(a);
        Assert.That(h.GradFn!.Name, Is.EqualTo("AddBackward0"));
        h.Sum().Backward();
        Assert.That(OnDevice(a.Grad!), Is.EqualTo(new[] { 4.0, 4.0 }));
    }

    [Test]
    public void DetachSharesDeviceStorageAndCutsTheGraph()
    {
        var y = Leaf(1, 2) * 2;
        var d = y.Detach();
        Assert.That(d.RequiresGrad, Is.False);
        using (Tensor.NoGrad()) d.FillInPlace(7);
        Assert.That(OnDevice(y), Is.EqualTo(new[] { 7.0, 7.0 }));
        Assert.That(d.Version, Is.EqualTo(y.Version));
    }

    [Test]
    public void BroadcastGradientsAreSummedBackToEachInputShape()
    {
        var a = Tensor.From([1.0, 2, 3, 4, 5, 6], 2, 3).To(Gpu).RequiresGrad_();
        var b = Tensor.From([10.0, 20, 30], 1, 3).To(Gpu).RequiresGrad_();
        var c = Tensor.Scalar(2, DType.Float64, Gpu, requiresGrad: true);
        ((a + b) * c).Sum().Backward();
        Assert.That(b.Grad!.Shape, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(OnDevice(b.Grad!), Is.EqualTo(new[] { 4.0, 4, 4 }));
        Assert.That(c.Grad!.Shape, Is.Empty);
        Assert.That(OnDevice(c.Grad!), Is.EqualTo(new[] { 141.0 }));
    }

    [Test]
    public void NonLeavesHaveNoGradUnlessRetained()
    {
        var a = Leaf(1, 2);
        var h = a * 2;
        var k = a * 3;
        k.RetainGrad();
        (h * k).Sum().Backward();
        Assert.That(h.Grad, Is.Null);
        Assert.That(OnDevice(k.Grad!), Is.EqualTo(new[] { 2.0, 4.0 }));
    }

    [Test]
    public void TensorHooksSeeAndMayReplaceTheGradient()
    {
        var x = Leaf(1, 2);
        var h = x * 2;
        Device? seenOn = null;
        double[]? seen = null;
        h.RegisterHook(g => { seenOn = g.Device; seen = g.ToArray<double>(); return g * 10; });
        h.Sum().Backward();
        Assert.That(seenOn, Is.SameAs(Gpu));
        Assert.That(seen, Is.EqualTo(new[] { 1.0, 1.0 }));
        Assert.That(OnDevice(x.Grad!), Is.EqualTo(new[] { 20.0, 20.0 }));
    }

    [Test]
    public void LeafHookRunsBeforeAccumulationAndPostAccumulateHookAfter()
    {
        var x = Leaf(1, 2);
        var events = new List<string>();
        x.RegisterHook(g => { events.Add("pre " + (x.Grad is null ? "none" : "set")); return null; });
        x.RegisterPostAccumulateGradHook(t => events.Add("post " + t.Grad!.ToArray<double>()[0]));
        (x * 5).Sum().Backward();
        Assert.That(events, Is.EqualTo(new[] { "pre none", "post 5" }));
    }

    [Test]
    public void FunctionalGradReturnsGradientsWithoutTouchingGrad()
    {
        var x = Leaf(1, 2);
        var g = Autodiff.Grad([(x * x * x).Sum()], [x]);
        Assert.That(OnDevice(g[0]!), Is.EqualTo(new[] { 3.0, 12.0 }));
        Assert.That(x.Grad, Is.Null);
    }

    [Test]
    public void SecondDerivativeOfCubeIsSixX()
    {
        var x = Leaf(1.5, -2);
        var dy = Autodiff.Grad([(x * x * x).Sum()], [x], createGraph: true)[0]!;
        Assert.That(dy.RequiresGrad, Is.True);
        var d2 = Autodiff.Grad([dy.Sum()], [x])[0]!;
        Assert.That(OnDevice(d2), Is.EqualTo(new[] { 9.0, -12.0 }).Within(1e-12));
    }

    [Test]
    public void SecondDerivativesOfAMatMulSoftmaxGraphPassGradGradCheck()
    {
        var a = Randn(70, 2, 3).To(Gpu).RequiresGrad_();
        var b = Randn(71, 3, 4).To(Gpu).RequiresGrad_();
        Autodiff.GradGradCheck(x => x[0].MatMul(x[1]).Tanh().LogSoftmax(1) * x[0].Sum(), [a, b]);
    }
}
