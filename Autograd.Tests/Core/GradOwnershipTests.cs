namespace Autograd.Tests.Core;

/// <summary>
/// Who owns a leaf's <c>.Grad</c> and the tensors user code sees during backward: as in PyTorch, <c>.Grad</c> never
/// shares memory with the caller's gradient, a hook's tensor or another leaf's gradient; tensors a hook creates belong
/// to the caller; <c>Autodiff.Grad</c> does not run the formulas of the tensors it differentiates with respect to.
/// </summary>
public class GradOwnershipTests
{
    private static Tensor Leaf(params double[] values) => Tensor.From(values).RequiresGrad_();

    [Test]
    public void GradientsStoredWhileBuildingAGraphAreCopiesNotTheCallersOrEachOthers()
    {
        var x = Leaf(1, 1, 1);
        var w = Leaf(1, 1, 1);
        var g = Tensor.Ones([3], DType.Float64);
        (x + w).Backward(g, createGraph: true);
        (x + w).Backward(g);
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 2.0, 2.0, 2.0 }));
        Assert.That(w.Grad!.ToArray<double>(), Is.EqualTo(new[] { 2.0, 2.0, 2.0 }));
        Assert.That(g.ToArray<double>(), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }), "the caller's gradient is untouched");
    }

    [Test]
    public void TheGradientOfASumStoredWhileBuildingAGraphIsDenseAndAccumulates()
    {
        var x = Leaf(1, 2, 3);
        x.Sum().Backward(createGraph: true);
        Assert.That(x.Grad!.Strides, Is.EqualTo(new[] { 1 }), "not the stride-0 expansion of the incoming scalar");
        x.Sum().Backward();
        Assert.That(x.Grad.ToArray<double>(), Is.EqualTo(new[] { 2.0, 2.0, 2.0 }));
    }

    [Test]
    public void AHookThatKeepsTheGradientSeesItsValueOfThatPassOnly()
    {
        var x = Leaf(1, 2, 3);
        Tensor? kept = null;
        x.RegisterHook(g => { kept ??= g; return null; });
        (x * 2).Sum().Backward();
        (x * 2).Sum().Backward();
        Assert.That(kept!.ToArray<double>(), Is.EqualTo(new[] { 2.0, 2.0, 2.0 }));
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new[] { 4.0, 4.0, 4.0 }));
        Assert.That(x.Grad, Is.Not.SameAs(kept));
    }

    [Test]
    public void TensorsAHookCreatesBelongToTheCallerNotToTheBackwardPass()
    {
        var x = Leaf(1, 2);
        var y = x * 1;
        Tensor? stash = null;
        Tensor? state = null;
        y.RegisterHook(g => { stash = g * 3; return null; });
        x.RegisterPostAccumulateGradHook(p => state ??= p.Grad!.Clone());
        (y * 2).Sum().Backward();
        Assert.That(stash!.IsDisposed, Is.False);
        Assert.That(stash.ToArray<double>(), Is.EqualTo(new[] { 6.0, 6.0 }));
        Assert.That(state!.IsDisposed, Is.False);
        Assert.That(state.ToArray<double>(), Is.EqualTo(new[] { 2.0, 2.0 }));
    }

    [Test]
    public void AHookThatChangesTheGradientsShapeIsNamedInTheError()
    {
        var x = Leaf(1, 2, 3);
        var y = x * 2;
        y.RegisterHook(g => g.Sum());
        var ex = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.That(ex!.Message, Does.Contain("MulBackward0").And.Contain("[]").And.Contain("[3]"));
    }

    [Test]
    public void AssigningAGradientOfAnotherShapeDtypeOrDeviceIsRefused()
    {
        var x = Leaf(1, 2, 3);
        var shape = Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Ones([5], DType.Float64))!;
        Assert.That(shape.Message, Does.Contain("[5]").And.Contain("[3]"));
        Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Ones([3], DType.Float32));
        Assert.Throws<ArgumentException>(() => x.Grad = Tensor.Ones([3], DType.Float64, CpuDevice.Create(4)));
        x.Grad = Tensor.Ones([3], DType.Float64);
        x.Grad = null;
        Assert.That(x.Grad, Is.Null);
    }

    [Test]
    public void AGradientAssignedInsideAScopeOutlivesTheScope()
    {
        var x = Leaf(1, 2);
        using (Tensor.Scope()) x.Grad = Tensor.Ones([2], DType.Float64) * 3;
        Assert.That(x.Grad!.IsDisposed, Is.False);
        Assert.That(x.Grad.ToArray<double>(), Is.EqualTo(new[] { 3.0, 3.0 }));
    }

    [Test]
    public void GradWithRespectToAnIntermediateLeavesThatIntermediatesOwnNodeAlone()
    {
        var x = Leaf(1, 2, 3);
        var y = x.Exp();
        var dy = Autodiff.Grad([(y * 2).Sum()], [y]);
        Assert.That(dy[0]!.ToArray<double>(), Is.EqualTo(new[] { 2.0, 2.0, 2.0 }));
        // ExpBackward0 did not run, so what it saved is still there for this backward.
        y.Sum().Backward();
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(x.ToArray<double>().Select(Math.Exp).ToArray()).Within(1e-12));

        var c = Leaf(1, 1, 1);
        var a = x * c;
        using (Tensor.NoGrad()) c.MulInPlace(2);
        var da = Autodiff.Grad([(a * 3).Sum()], [a]);
        Assert.That(da[0]!.ToArray<double>(), Is.EqualTo(new[] { 3.0, 3.0, 3.0 }), "MulBackward0's saved c is not needed");
    }
}
