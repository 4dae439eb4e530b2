namespace Autograd.Tests.Core;

/// <summary>
/// What in-place ops do to a tensor's place in the graph, as in PyTorch: overwriting ops keep a non-leaf in the
/// graph with a zero gradient to its past, a retained gradient follows the tensor to its new history, a view follows
/// its base's new history, and in-place writes that PyTorch would route through a view's base, or views that PyTorch
/// would regenerate, are refused rather than silently losing gradient.
/// </summary>
public class InPlaceHistoryTests
{
    private static Tensor Leaf(params double[] values) => Tensor.From(values).RequiresGrad_();

    [Test]
    public void FillingANonLeafKeepsItInTheGraphWithAZeroGradientToItsPast()
    {
        var x = Leaf(1, 2);
        var y = x * 2;
        y.FillInPlace(5);
        Assert.That(y.RequiresGrad, Is.True);
        Assert.That(y.GradFn!.Name, Is.EqualTo("FillBackward0"));
        (y * 3).Sum().Backward();
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 0.0, 0.0 }));

        var z = x * 2;
        z.ZeroInPlace();
        Assert.That(z.GradFn!.Name, Is.EqualTo("ZeroBackward0"));
    }

    [Test]
    public void CopyingIntoANonLeafSendsTheGradientToTheSourceAndZeroToItsPast()
    {
        var x = Leaf(1, 2, 3);
        var y = x * 2;
        y.CopyFrom(Tensor.From([7.0, 8.0, 9.0]));
        Assert.That(y.GradFn!.Name, Is.EqualTo("CopyBackwards"));
        (y * y).Sum().Backward();
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 0.0, 0.0, 0.0 }));

        var src = Leaf(1, 2);
        var target = Tensor.Zeros([3, 2], DType.Float64);
        target.CopyFrom(src);
        (target * 2).Sum().Backward();
        Assert.That(src.Grad!.ToArray<double>(), Is.EqualTo(new[] { 6.0, 6.0 }), "summed over the broadcast rows");
    }

    [Test]
    public void AnInPlaceOpUnderNoGradKeepsTheTensorsHistory()
    {
        var x = Leaf(1, 2);
        var y = x * 2;
        using (Tensor.NoGrad()) y.FillInPlace(1);
        Assert.That(y.GradFn!.Name, Is.EqualTo("MulBackward0"));
    }

    [Test]
    public void ARetainedGradientFollowsTheTensorToItsHistoryAfterAnInPlaceOp()
    {
        var x = Leaf(1, 2, 3);
        var y = x * 1;
        y.RetainGrad();
        y.MulInPlace(3);
        Assert.That(y.RetainsGrad, Is.True);
        (y * 1).Sum().Backward();
        Assert.That(y.Grad!.ToArray<double>(), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 3.0, 3.0, 3.0 }));
    }

    [Test]
    public void AViewTakenBeforeItsBaseWasModifiedInPlaceDifferentiatesThroughTheNewHistory()
    {
        var x = Leaf(1, 1, 1, 1);
        var y = x * 1;
        var v = y.Narrow(0, 0, 2);
        var t = v.Unsqueeze(0);
        var before = v * 5;
        y.MulInPlace(2);
        Assert.That(v.ToArray<double>(), Is.EqualTo(new[] { 2.0, 2.0 }));
        v.Sum().Backward(retainGraph: true);
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 2.0, 2.0, 0.0, 0.0 }), "as PyTorch: v = 2·x[:2] now");
        Assert.That(v.GradFn!.Name, Is.EqualTo("SliceBackward0"));
        Assert.That(v.GradFn.NextFunctions[0]!.Name, Is.EqualTo("MulBackward0"));

        x.Grad = null;
        (t * 3).Sum().Backward(retainGraph: true);
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 6.0, 6.0, 0.0, 0.0 }), "a view of the view follows too");

        x.Grad = null;
        before.Sum().Backward();
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 5.0, 5.0, 0.0, 0.0 }), "what was computed before the in-place op keeps the old history");
    }

    [Test]
    public void AViewTakenWhileItsBaseNeededNoGradIsRefusedOnceAnInPlaceOpGivesTheBaseHistory()
    {
        var w = Leaf(1, 2, 3);
        var x = Tensor.Ones([3], DType.Float64);
        var v = x.Narrow(0, 0, 2);
        var constantBefore = v * 2;
        x.MulInPlace(w);
        Assert.That(v.ToArray<double>(), Is.EqualTo(new[] { 1.0, 2.0 }), "the values are shared as ever");
        var ex = Assert.Throws<InvalidOperationException>(() => _ = v * 3)!;
        Assert.That(ex.Message, Does.Contain("view [2] of a float64 [3] tensor").And.Contain("MulBackward0").And.Contain("Take the view again"));
        Assert.Throws<InvalidOperationException>(() => _ = w.Narrow(0, 1, 2) + v, "as the second operand too");

        var again = x.Narrow(0, 0, 2);
        (again * 3).Sum().Backward();
        Assert.That(w.Grad!.ToArray<double>(), Is.EqualTo(new[] { 3.0, 3.0, 0.0 }), "a view taken after the in-place op carries the history");
        Assert.That(constantBefore.RequiresGrad, Is.False);
        using (Tensor.NoGrad()) Assert.That((v * 3).ToArray<double>(), Is.EqualTo(new[] { 3.0, 6.0 }), "without grad it is just values");
    }

    [Test]
    public void AViewOfALeafStaysUsableAfterItsLeafIsUpdatedUnderNoGrad()
    {
        var w = Leaf(1, 2, 3, 4);
        var firstTwo = w.Narrow(0, 0, 2);
        using (Tensor.NoGrad()) w.AddInPlace(1);
        (firstTwo * 3).Sum().Backward();
        Assert.That(w.Grad!.ToArray<double>(), Is.EqualTo(new[] { 3.0, 3.0, 0.0, 0.0 }));
    }

    [Test]
    public void WritingInPlaceIntoAViewOfATensorWithoutGradWithAnOperandThatRequiresGradIsRefused()
    {
        var w = Leaf(1, 2);
        var b = Tensor.Zeros([4], DType.Float64);
        var v = b.Narrow(0, 0, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => v.AddInPlace(w))!;
        Assert.That(ex.Message, Does.Contain("add_").And.Contain("[2] of [4]").And.Contain("operand"));
        Assert.That(b.ToArray<double>(), Is.EqualTo(new double[4]), "refused before writing");
        v.AddInPlace(Tensor.Ones([2], DType.Float64));
        Assert.That(b.ToArray<double>(), Is.EqualTo(new[] { 1.0, 1.0, 0.0, 0.0 }), "plain tensors are still written through views");
    }

    [Test]
    public void WritingInPlaceIntoAViewOfALeafThatRequiresGradIsRefusedEvenWhenTheViewWasTakenUnderNoGrad()
    {
        var x = Leaf(1, 1, 1);
        Tensor v;
        using (Tensor.NoGrad()) v = x.Narrow(0, 0, 2);
        var ex = Assert.Throws<InvalidOperationException>(() => v.AddInPlace(5))!;
        Assert.That(ex.Message, Does.Contain("view of a leaf").And.Contain("NoGrad"));
        Assert.That(x.ToArray<double>(), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));
        using (Tensor.NoGrad()) v.AddInPlace(5);
        Assert.That(x.ToArray<double>(), Is.EqualTo(new[] { 6.0, 6.0, 1.0 }));
    }

    [Test]
    public void DetachInPlaceMakesATensorALeafWithoutGradAndRefusesViews()
    {
        var x = Leaf(1, 2);
        var y = x * 2;
        Assert.That(y.DetachInPlace(), Is.SameAs(y));
        Assert.That(y.IsLeaf, Is.True);
        Assert.That(y.RequiresGrad, Is.False);
        Assert.That(y.ToArray<double>(), Is.EqualTo(new[] { 2.0, 4.0 }));

        var z = Leaf(3, 4).DetachInPlace();
        Assert.That(z.RequiresGrad, Is.False);

        var view = (x * 1).Narrow(0, 0, 1);
        var ex = Assert.Throws<InvalidOperationException>(() => view.DetachInPlace())!;
        Assert.That(ex.Message, Does.Contain("detach_").And.Contain("Detach()"));
    }

    [Test]
    public void AnInPlaceOperandThatPartlyOverlapsTheTargetIsRefusedBeforeWriting()
    {
        var c = Tensor.Arange(6, DType.Float64);
        var shifted = Assert.Throws<InvalidOperationException>(() => c.Narrow(0, 1, 5).CopyFrom(c.Narrow(0, 0, 5)))!;
        Assert.That(shifted.Message, Does.Contain("copy_").And.Contain("share memory").And.Contain("Clone()"));
        Assert.Throws<InvalidOperationException>(() => c.Narrow(0, 1, 5).AddInPlace(c.Narrow(0, 0, 5)));
        var square = Tensor.Arange(4, DType.Float64).Reshape(2, 2);
        Assert.Throws<InvalidOperationException>(() => square.AddInPlace(square.T));
        Assert.Throws<InvalidOperationException>(() => square.AddCMulInPlace(square.T, square, 1));
        Assert.That(c.ToArray<double>(), Is.EqualTo(new double[] { 0, 1, 2, 3, 4, 5 }), "nothing was written");

        c.AddInPlace(c);
        Assert.That(c.ToArray<double>(), Is.EqualTo(new double[] { 0, 2, 4, 6, 8, 10 }), "the same layout is fine");
        c.Narrow(0, 3, 3).CopyFrom(c.Narrow(0, 0, 3));
        Assert.That(c.ToArray<double>(), Is.EqualTo(new double[] { 0, 2, 4, 0, 2, 4 }), "disjoint parts of one storage are fine");
    }
}
