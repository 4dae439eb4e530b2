namespace Autograd.Tests.Core;

/// <summary>PyTorch's autograd semantics, one behaviour per test (issue "Autograd.Core", items 1–12).</summary>
public class AutogradSemanticsTests
{
    private static Tensor Leaf(params double[] values) => Tensor.From(values).RequiresGrad_();

    [Test]
    public void RequiresGradIsFalseByDefault()
    {
        Assert.That(Tensor.Zeros(3).RequiresGrad, Is.False);
        Assert.That(Tensor.From([1.0, 2.0]).RequiresGrad, Is.False);
    }

    [Test]
    public void RequiresGradCannotBeSetOnANonLeaf()
    {
        var y = Leaf(1, 2) * 2;
        var ex = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.That(ex!.Message, Does.Contain("leaf").And.Contain("MulBackward0"));
    }

    [Test]
    public void ResultRequiresGradIffAnInputDoesAndHasAPyTorchNamedGradFn()
    {
        var a = Leaf(1, 2);
        var b = Tensor.From([3.0, 4.0]);
        Assert.That((b * b).RequiresGrad, Is.False);
        var y = a * b;
        Assert.That(y.RequiresGrad, Is.True);
        Assert.That(y.IsLeaf, Is.False);
        Assert.That(y.GradFn!.Name, Is.EqualTo("MulBackward0"));
        Assert.That((a + b).GradFn!.Name, Is.EqualTo("AddBackward0"));
    }

    [Test]
    public void BackwardWithoutGradientNeedsAOneElementOutput()
    {
        var y = Leaf(1, 2) * 3;
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.That(ex!.Message, Does.Contain("implicitly only for scalar outputs"));
    }

    [Test]
    public void BackwardChecksTheGradientShape()
    {
        var y = Leaf(1, 2) * 3;
        var ex = Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones([3], DType.Float64)));
        Assert.That(ex!.Message, Does.Contain("[3]").And.Contain("[2]"));
    }

    [Test]
    public void LeafGradientsAccumulateAcrossBackwardCallsUntilCleared()
    {
        var a = Leaf(1, 2);
        (a * 3).Sum().Backward();
        (a * 3).Sum().Backward();
        Assert.That(a.Grad!.ToArray<double>(), Is.EqualTo(new[] { 6.0, 6.0 }));
        a.Grad = null;
        (a * 3).Sum().Backward();
        Assert.That(a.Grad!.ToArray<double>(), Is.EqualTo(new[] { 3.0, 3.0 }));
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
        Assert.That(k.Grad!.ToArray<double>(), Is.EqualTo(new[] { 2.0, 4.0 }));
        Assert.That(k.RetainsGrad, Is.True);
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
        Assert.That(a.Grad!.ToArray<double>(), Is.EqualTo(new[] { 4.0, 8.0 }));
    }

    [Test]
    public void NoGradScopesNestAndEnableGradReenables()
    {
        var a = Leaf(1, 2);
        using (Tensor.NoGrad())
        {
            Assert.That((a * 2).RequiresGrad, Is.False);
            using (Tensor.EnableGrad())
            {
                Assert.That((a * 2).RequiresGrad, Is.True);
                using (Tensor.NoGrad()) Assert.That((a * 2).GradFn, Is.Null);
            }
            Assert.That(GradMode.IsEnabled, Is.False);
        }
        Assert.That(GradMode.IsEnabled, Is.True);
    }

    [Test]
    public void GradModeIsPerThread()
    {
        var a = Leaf(1, 2);
        bool otherThreadRecorded = false;
        using (Tensor.NoGrad())
        {
            var t = new Thread(() => otherThreadRecorded = (a * 2).RequiresGrad);
            t.Start();
            t.Join();
            Assert.That((a * 2).RequiresGrad, Is.False);
        }
        Assert.That(otherThreadRecorded, Is.True);
    }

    [Test]
    public void DetachSharesStorageAndCutsTheGraph()
    {
        var a = Leaf(1, 2);
        var y = a * 2;
        var d = y.Detach();
        Assert.That(d.IsLeaf, Is.True);
        Assert.That(d.RequiresGrad, Is.False);
        using (Tensor.NoGrad()) d.FillInPlace(7);
        Assert.That(y.ToArray<double>(), Is.EqualTo(new[] { 7.0, 7.0 }));
        Assert.That(d.Version, Is.EqualTo(y.Version));
    }

    [Test]
    public void SetDataMovesALeafToOtherElementsAndKeepsItsIdentity()
    {
        var other = CpuDevice.Create(3);
        var p = Leaf(1, 2);
        (p * 3).Sum().Backward();
        var moved = p.Detach().To(other);
        p.SetData(moved);
        moved.Dispose();
        Assert.That(p.Device, Is.SameAs(other));
        Assert.That(p.RequiresGrad, Is.True);
        Assert.That(p.ToArray<double>(), Is.EqualTo(new[] { 1.0, 2.0 }));
        p.Grad = p.Grad!.To(other);
        (p * p).Sum().Backward();
        Assert.That(p.Grad.ToArray<double>(), Is.EqualTo(new[] { 5.0, 7.0 }), "3 from before plus 2p");

        var wrongShape = Assert.Throws<ArgumentException>(() => p.SetData(Tensor.Zeros([3], DType.Float64)));
        Assert.That(wrongShape!.Message, Does.Contain("[3]").And.Contain("[2]"));
        var nonLeaf = Assert.Throws<InvalidOperationException>(() => (p * 1).SetData(p.Detach()));
        Assert.That(nonLeaf!.Message, Does.Contain("MulBackward0"));
    }

    [Test]
    public void InPlaceOpsBumpTheVersionCounter()
    {
        var t = Tensor.Zeros([2], DType.Float64);
        int v0 = t.Version;
        t.AddInPlace(1);
        t.MulInPlace(3);
        t.SubInPlace(Tensor.Ones([2], DType.Float64));
        t.DivInPlace(Tensor.Full([2], 2, DType.Float64));
        t.CopyFrom(Tensor.Ones([2], DType.Float64));
        t.ZeroInPlace();
        Assert.That(t.Version, Is.EqualTo(v0 + 6));
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
    public void InPlaceOnALeafThatRequiresGradThrowsOutsideNoGrad()
    {
        var a = Leaf(1, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => a.AddInPlace(1));
        Assert.That(ex!.Message, Does.Contain("leaf").And.Contain("NoGrad"));
        using (Tensor.NoGrad()) a.AddInPlace(1);
        Assert.That(a.ToArray<double>(), Is.EqualTo(new[] { 2.0, 3.0 }));
    }

    [Test]
    public void InPlaceOnANonLeafRecordsTheOpInItsHistory()
    {
        var a = Leaf(1, 2);
        var h = a * 3;
        h.AddInPlace(a);
        Assert.That(h.GradFn!.Name, Is.EqualTo("AddBackward0"));
        h.Sum().Backward();
        Assert.That(a.Grad!.ToArray<double>(), Is.EqualTo(new[] { 4.0, 4.0 }));
    }

    [Test]
    public void BroadcastGradientsAreSummedBackToEachInputShape()
    {
        var a = Tensor.From([1.0, 2, 3, 4, 5, 6], 2, 3).RequiresGrad_();
        var b = Tensor.From([10.0, 20, 30], 1, 3).RequiresGrad_();
        var c = Tensor.Scalar(2, DType.Float64, requiresGrad: true);
        ((a + b) * c).Sum().Backward();
        Assert.That(b.Grad!.Shape, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(b.Grad!.ToArray<double>(), Is.EqualTo(new[] { 4.0, 4, 4 }));
        Assert.That(c.Grad!.Shape, Is.Empty);
        Assert.That(c.Grad!.Item(), Is.EqualTo(21 + 120));
    }

    [Test]
    public void DiamondGraphSumsGradientsOfEveryPath()
    {
        var x = Leaf(3);
        var a = x * 2;
        var b = x * x;
        (a * b + a).Sum().Backward();
        // d/dx (2x·x² + 2x) = 6x² + 2
        Assert.That(x.Grad!.Item(), Is.EqualTo(56));
    }

    [Test]
    public void AChainOfAHundredThousandOpsBackpropagatesWithoutRecursion()
    {
        var x = Leaf(1);
        var y = x;
        for (int i = 0; i < 100_000; i++) y = y * 1.0;
        y.Sum().Backward();
        Assert.That(x.Grad!.Item(), Is.EqualTo(1));
    }

    [Test]
    public void FunctionalGradReturnsGradientsWithoutTouchingGrad()
    {
        var x = Leaf(1, 2);
        var y = (x * x * x).Sum();
        var g = Autodiff.Grad([y], [x]);
        Assert.That(g[0]!.ToArray<double>(), Is.EqualTo(new[] { 3.0, 12.0 }));
        Assert.That(x.Grad, Is.Null);
    }

    [Test]
    public void SecondDerivativeOfCubeIsSixX()
    {
        var x = Leaf(1.5, -2);
        var y = (x * x * x).Sum();
        var dy = Autodiff.Grad([y], [x], createGraph: true)[0]!;
        Assert.That(dy.RequiresGrad, Is.True);
        var d2 = Autodiff.Grad([dy.Sum()], [x])[0]!;
        Assert.That(d2.ToArray<double>(), Is.EqualTo(new[] { 9.0, -12.0 }).Within(1e-12));
    }

    [Test]
    public void FunctionalGradRejectsUnusedInputsUnlessAllowed()
    {
        var x = Leaf(1);
        var unused = Leaf(2);
        var y = (x * 2).Sum();
        Assert.Throws<InvalidOperationException>(() => Autodiff.Grad([y], [x, unused], retainGraph: true));
        var g = Autodiff.Grad([y], [x, unused], allowUnused: true);
        Assert.That(g[1], Is.Null);
    }

    [Test]
    public void TensorHooksSeeAndMayReplaceTheGradient()
    {
        var x = Leaf(1, 2);
        var h = x * 2;
        double[]? seen = null;
        h.RegisterHook(g => { seen = g.ToArray<double>(); return g * 10; });
        h.Sum().Backward();
        Assert.That(seen, Is.EqualTo(new[] { 1.0, 1.0 }));
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 20.0, 20.0 }));
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
    public void GradientAccumulationOfMicroBatchesEqualsTheFullBatchGradient()
    {
        var gen = new Generator(3);
        var x = Tensor.Randn([32, 3], gen, DType.Float64);
        var t = Tensor.Randn([32], gen, DType.Float64);
        var w = Tensor.Randn([3], gen, DType.Float64).RequiresGrad_();

        Tensor Loss(int start, int count)
        {
            double[] xv = x.ToArray<double>(), tv = t.ToArray<double>();
            var rows = Tensor.From(xv[(start * 3)..((start + count) * 3)], count, 3);
            var targets = Tensor.From(tv[start..(start + count)]);
            var diff = (rows * w).Sum(1) - targets;
            return (diff * diff).Sum() / count;
        }

        Loss(0, 32).Backward();
        var full = w.Grad!.ToArray<double>();
        w.Grad = null;
        for (int k = 0; k < 4; k++) (Loss(k * 8, 8) / 4).Backward();
        Assert.That(w.Grad!.ToArray<double>(), Is.EqualTo(full).Within(1e-12));
    }

    [Test]
    public void OpsOnTwoDevicesThrowNamingBoth()
    {
        var a = Tensor.Ones(2);
        var b = Tensor.Ones(2).To(CpuDevice.Create(1));
        var ex = Assert.Throws<InvalidOperationException>(() => _ = a + b);
        Assert.That(ex!.Message, Does.Contain("cpu").And.Contain("cpu:1").And.Contain("add"));
    }
}
