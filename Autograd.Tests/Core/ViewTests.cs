namespace Autograd.Tests.Core;

/// <summary>
/// Which shape ops are views (same storage, writes visible both ways), how Reshape and View infer −1 and reject
/// impossible shapes, and when Reshape and Contiguous copy.
/// </summary>
public class ViewTests
{
    /// <summary>0, 1, 2, ... in Float64, as a leaf that requires grad (so the in-place writes below need NoGrad).</summary>
    private static Tensor Range(params int[] shape) =>
        Tensor.Arange(0, shape.Aggregate(1, (a, b) => a * b), dtype: DType.Float64).Reshape(shape).RequiresGrad_();

    /// <summary>Every view op, applied to a [2, 3, 4] base.</summary>
    public static IEnumerable<TestCaseData> Views()
    {
        TestCaseData Case(string name, Func<Tensor, Tensor> view) => new TestCaseData(view).SetArgDisplayNames(name);
        yield return Case("Reshape", x => x.Reshape(6, 4));
        yield return Case("View", x => x.View(4, -1));
        yield return Case("Transpose", x => x.Transpose(0, 2));
        yield return Case("Permute", x => x.Permute(1, 2, 0));
        yield return Case("Squeeze", x => x.Unsqueeze(0).Squeeze());
        yield return Case("Unsqueeze", x => x.Unsqueeze(1));
        yield return Case("Flatten", x => x.Flatten());
        yield return Case("Flatten/range", x => x.Flatten(1));
        yield return Case("Narrow", x => x.Narrow(2, 1, 2));
        yield return Case("Select", x => x.Select(1, 2));
        yield return Case("Subscript", x => x[.., 1..3]);
        yield return Case("Reshape/of-transposed-that-allows-a-view", x => x.Transpose(0, 1).Reshape(3, 2, 2, 2));
    }

    [TestCaseSource(nameof(Views))]
    public void AViewSharesStorageAndAnInPlaceWriteThroughItIsSeenByTheBase(Func<Tensor, Tensor> makeView)
    {
        var x = Range(2, 3, 4);
        var view = makeView(x);
        var expected = x.ToDoubleArray();
        var touched = view.ToDoubleArray().ToHashSet();

        using (Tensor.NoGrad()) view.MulInPlace(-1);

        Assert.That(view.Storage, Is.SameAs(x.Storage));
        for (int i = 0; i < expected.Length; i++)
            if (touched.Contains(expected[i])) expected[i] = -expected[i];
        Assert.That(x.ToDoubleArray(), Is.EqualTo(expected), "the base after negating the view's elements in place");
        Assert.That(x.Version, Is.EqualTo(view.Version), "a view shares its base's version counter");
    }

    /// <summary>
    /// The write goes through the base here: an expanded view maps many elements to one memory location, and writing
    /// through such a view in place is an error in PyTorch.
    /// </summary>
    [Test]
    public void AnExpandedViewSharesStorageAndSeesWritesToTheBase()
    {
        var x = Range(3, 1);
        var expanded = x.Expand(2, 3, 4);
        var expandedAs = x.ExpandAs(Tensor.Zeros([3, 5], DType.Float64));

        using (Tensor.NoGrad()) x.AddInPlace(10);

        Assert.That(expanded.Storage, Is.SameAs(x.Storage));
        Assert.That(expandedAs.Storage, Is.SameAs(x.Storage));
        Assert.That(expanded.Strides, Is.EqualTo(new[] { 0, 1, 0 }));
        Assert.That(expanded[1, 2].ToDoubleArray(), Is.EqualTo(new double[] { 12, 12, 12, 12 }));
        Assert.That(expandedAs[0].ToDoubleArray(), Is.EqualTo(new double[] { 10, 10, 10, 10, 10 }));
    }

    [Test]
    public void MinusOneIsInferredFromTheRemainingSizes()
    {
        var x = Range(2, 3, 4);

        Assert.That(x.Reshape(-1).Shape, Is.EqualTo(new[] { 24 }));
        Assert.That(x.Reshape(4, -1).Shape, Is.EqualTo(new[] { 4, 6 }));
        Assert.That(x.View(2, -1, 3).Shape, Is.EqualTo(new[] { 2, 4, 3 }));
        Assert.That(x.Reshape(1, -1, 1, 8).Shape, Is.EqualTo(new[] { 1, 3, 1, 8 }));
        Assert.That(Tensor.Scalar(5.0, DType.Float64).Reshape(-1).Shape, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void TwoMinusOnesAreRejectedNamingTheRequestedShape()
    {
        var x = Range(2, 3, 4);

        Assert.That(Assert.Throws<ArgumentException>(() => x.Reshape(-1, 4, -1))!.Message,
            Does.Contain("reshape: only one dimension can be -1, got [-1, 4, -1]"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.View(-1, -1))!.Message,
            Does.Contain("view: only one dimension can be -1, got [-1, -1]"));
    }

    [Test]
    public void ASizeThatDoesNotDivideTheElementCountIsRejectedNamingBothShapes()
    {
        var x = Range(2, 3, 4);

        Assert.That(Assert.Throws<ArgumentException>(() => x.Reshape(5, -1))!.Message,
            Does.Contain("reshape: shape [5, -1] is invalid for input of size 24 ([2, 3, 4])"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.View(5, 5))!.Message,
            Does.Contain("view: shape [5, 5] is invalid for input of size 24 ([2, 3, 4])"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Reshape(0, -1))!.Message,
            Does.Contain("reshape: shape [0, -1] is invalid for input of size 24"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Reshape(2, -3, 4))!.Message,
            Does.Contain("reshape: invalid dimension -3 in [2, -3, 4]"));
    }

    [Test]
    public void ViewOfANonContiguousTensorThrowsSuggestingReshape()
    {
        var t = Range(2, 3, 4).Transpose(1, 2);

        var ex = Assert.Throws<InvalidOperationException>(() => t.View(2, 12));

        Assert.That(ex!.Message, Does.Contain("view: cannot view a tensor of shape [2, 4, 3] with strides [12, 1, 4] as [2, 12]"));
        Assert.That(ex.Message, Does.Contain("use Reshape() or Contiguous() first"));
    }

    [Test]
    public void ReshapeOfANonContiguousTensorCopiesWhereViewWouldThrow()
    {
        var x = Range(2, 3);
        var t = x.T;

        var reshaped = t.Reshape(6);

        Assert.That(reshaped.Storage, Is.Not.SameAs(x.Storage));
        Assert.That(reshaped.ToDoubleArray(), Is.EqualTo(new double[] { 0, 3, 1, 4, 2, 5 }));
        Assert.That(reshaped.GradFn, Is.Not.Null, "the copy stays on the graph");
        using (Tensor.NoGrad()) reshaped.FillInPlace(7);
        Assert.That(x.ToDoubleArray(), Is.EqualTo(new double[] { 0, 1, 2, 3, 4, 5 }), "the copy's writes do not reach the base");
    }

    [Test]
    public void ACopyingReshapeIsNamedAsInPyTorchAndMayBeModifiedInPlace()
    {
        var x = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        var copied = (x * 1).T.Reshape(6);
        Assert.That(copied.GradFn!.Name, Is.EqualTo("UnsafeViewBackward0"));
        Assert.That(x.T.Reshape(3, 2).GradFn, Is.Not.Null);
        copied.MulInPlace(3);
        copied.Sum().Backward();
        Assert.That(x.Grad!.ToDoubleArray(), Is.All.EqualTo(3.0));
    }

    [Test]
    public void ContiguousReturnsTheSameTensorWhenAlreadyContiguous()
    {
        var x = Range(2, 3);
        var narrowedRows = x.Narrow(0, 1, 1);

        Assert.That(x.Contiguous(), Is.SameAs(x));
        Assert.That(narrowedRows.IsContiguous, Is.True);
        Assert.That(narrowedRows.Contiguous().Storage, Is.SameAs(x.Storage));
    }

    [Test]
    public void ContiguousCopiesATransposedOrSlicedTensorIntoRowMajorOrder()
    {
        var x = Range(3, 4);
        var transposed = x.T;
        var columns = x[.., 1..3];

        var denseT = transposed.Contiguous();
        var denseColumns = columns.Contiguous();

        Assert.That(denseT.Storage, Is.Not.SameAs(x.Storage));
        Assert.That(denseColumns.Storage, Is.Not.SameAs(x.Storage));
        Assert.That(denseT.IsContiguous && denseColumns.IsContiguous, Is.True);
        Assert.That(denseT.Strides, Is.EqualTo(new[] { 3, 1 }));
        Assert.That(denseT.ToDoubleArray(), Is.EqualTo(transposed.ToDoubleArray()));
        Assert.That(denseColumns.ToDoubleArray(), Is.EqualTo(new double[] { 1, 2, 5, 6, 9, 10 }));
        Assert.That(denseT.GradFn?.Name, Is.EqualTo("CloneBackward0"));
    }

    [Test]
    public void WritingInPlaceThroughAnExpandedViewIsRefusedAsInPyTorch()
    {
        var x = Tensor.Zeros([3, 1], DType.Float64);
        var expanded = x.Expand(3, 4);
        var add = Assert.Throws<InvalidOperationException>(() => expanded.AddInPlace(1));
        Assert.That(add!.Message, Does.StartWith("add_:").And.Contain("[3, 4]").And.Contain("Clone()"));
        Assert.Throws<InvalidOperationException>(() => expanded.CopyFrom(Tensor.Ones([3, 4], DType.Float64)));
        Assert.Throws<InvalidOperationException>(() => expanded.FillInPlace(2));
        Assert.That(x.ToDoubleArray(), Is.All.EqualTo(0.0), "nothing was written");
        Assert.That(x.Expand(3, 1).AddInPlace(1).ToDoubleArray(), Is.All.EqualTo(1.0), "a size-1 expansion has no shared elements");
    }
}

