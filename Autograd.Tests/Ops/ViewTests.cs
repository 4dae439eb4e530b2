namespace Autograd.Tests.Ops;

public class ViewTests
{
    private static Tensor Input(ulong seed, params int[] shape) =>
        Tensor.Randn(shape, new Generator(seed), DType.Float64, requiresGrad: true);

    private static Tensor Range(params int[] shape) =>
        Tensor.Arange(0, shape.Aggregate(1, (a, b) => a * b), dtype: DType.Float64).Reshape(shape);

    [Test]
    public void AWriteThroughANarrowedViewIsSeenByTheBaseAndSharesItsVersion()
    {
        using var x = Range(2, 4);
        using var view = x.Narrow(1, 1, 2);
        int before = x.Version;

        view.FillInPlace(-1);

        Assert.That(view.Storage, Is.SameAs(x.Storage));
        Assert.That(x.ToArray<double>(), Is.EqualTo(new double[] { 0, -1, -1, 3, 4, -1, -1, 7 }));
        Assert.That(x.Version, Is.EqualTo(view.Version).And.GreaterThan(before));
    }

    [Test]
    public void IndexerViewsShareStorageWithTheBase()
    {
        using var x = Range(3, 4);
        using var column = x[.., 1];
        using var block = x[1..3, ^2..];

        using var ones = Tensor.Ones([2, 2], DType.Float64);
        block.CopyFrom(ones * 100);

        Assert.That(column.Storage, Is.SameAs(x.Storage));
        Assert.That(column.ToArray<double>(), Is.EqualTo(new double[] { 1, 5, 9 }));
        Assert.That(x.ToArray<double>(), Is.EqualTo(new double[] { 0, 1, 2, 3, 4, 5, 100, 100, 8, 9, 100, 100 }));
    }

    [Test]
    public void SqueezeUnsqueezeAndSelectAreViewsWithTheExpectedShapes()
    {
        using var x = Range(2, 1, 3, 1);

        using var squeezed = x.Squeeze();
        using var squeezedOne = x.Squeeze(1);
        using var notSqueezed = x.Squeeze(0);
        using var unsqueezed = x.Unsqueeze(-1);
        using var selected = x.Select(2, -1);

        Assert.That(squeezed.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(squeezedOne.Shape, Is.EqualTo(new[] { 2, 3, 1 }));
        Assert.That(notSqueezed.Shape, Is.EqualTo(new[] { 2, 1, 3, 1 }));
        Assert.That(unsqueezed.Shape, Is.EqualTo(new[] { 2, 1, 3, 1, 1 }));
        Assert.That(selected.Shape, Is.EqualTo(new[] { 2, 1, 1 }));
        Assert.That(selected.ToArray<double>(), Is.EqualTo(new double[] { 2, 5 }));
        foreach (var v in new[] { squeezed, squeezedOne, unsqueezed, selected }) Assert.That(v.Storage, Is.SameAs(x.Storage));
    }

    [Test]
    public void IndexerFollowsPythonSubscriptSemantics()
    {
        using var x = Range(4, 5, 6);

        Assert.That(x[0].Shape, Is.EqualTo(new[] { 5, 6 }));
        Assert.That(x[.., 1..3].Shape, Is.EqualTo(new[] { 4, 2, 6 }));
        Assert.That(x[^1, .., 2].Shape, Is.EqualTo(new[] { 5 }));
        Assert.That(x[^1, .., 2].ToArray<double>(), Is.EqualTo(new double[] { 92, 98, 104, 110, 116 }));
        Assert.That(x[-1, 0, -1].Item(), Is.EqualTo(95));
        // Out-of-range slice bounds are clamped, as in Python; an empty slice is allowed.
        Assert.That(x[1..100].Shape, Is.EqualTo(new[] { 3, 5, 6 }));
        Assert.That(x[3..1].Shape, Is.EqualTo(new[] { 0, 5, 6 }));
    }

    [Test]
    public void GradientsOfAnIndexedViewFlowIntoTheSelectedSlice()
    {
        var x = Tensor.Zeros([3, 4], DType.Float64, requiresGrad: true);

        x[1, 1..3].Sum().Backward();

        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0 }));
    }

    [Test]
    public void ViewOpsPassGradCheckOnContiguousAndTransposedInputs()
    {
        var x = Input(1, 3, 4);
        Autodiff.GradCheck(t => t[0].Unsqueeze(1).Unsqueeze(0).Squeeze() * 2, [x]);
        Autodiff.GradCheck(t => t[0].Unsqueeze(2).Squeeze(2), [x]);
        Autodiff.GradCheck(t => t[0].Transpose(0, 1).Narrow(0, 1, 2), [x]);
        Autodiff.GradCheck(t => t[0].Transpose(0, 1).Select(1, -1), [x]);
        Autodiff.GradCheck(t => t[0].T[1..^1, ^1], [x]);
        Autodiff.GradCheck(t => t[0][.., ..2].Exp(), [x]);
    }

    [Test]
    public void PadAddsConstantsInFPadOrderAndNegativePadsCrop()
    {
        using var x = Range(2, 3);

        using var padded = x.Pad([1, 0, 0, 1], value: 9);
        using var cropped = x.Pad([-1, 1]);

        Assert.That(padded.Shape, Is.EqualTo(new[] { 3, 4 }));
        Assert.That(padded.ToArray<double>(), Is.EqualTo(new double[] { 9, 0, 1, 2, 9, 3, 4, 5, 9, 9, 9, 9 }));
        Assert.That(cropped.ToArray<double>(), Is.EqualTo(new double[] { 1, 2, 0, 4, 5, 0 }));
    }

    [Test]
    public void PadPassesGradCheckIncludingCropping()
    {
        var x = Input(2, 3, 4);
        Autodiff.GradCheck(t => t[0].Pad([1, 2, -1, 1], value: 3), [x]);
        Autodiff.GradCheck(t => t[0].T.Pad([0, -2]), [x]);
    }

    [Test]
    public void CatAndStackJoinAlongTheGivenDimension()
    {
        using var a = Range(2, 2);
        using var b = Tensor.From([7, 8], 2, 1);

        using var cat = Tensor.Cat([a, b], dim: 1);
        using var stack = Tensor.Stack([a, a], dim: -1);

        Assert.That(cat.DType, Is.EqualTo(DType.Float64));
        Assert.That(cat.ToArray<double>(), Is.EqualTo(new double[] { 0, 1, 7, 2, 3, 8 }));
        Assert.That(stack.Shape, Is.EqualTo(new[] { 2, 2, 2 }));
        Assert.That(stack.ToArray<double>(), Is.EqualTo(new double[] { 0, 0, 1, 1, 2, 2, 3, 3 }));
    }

    [Test]
    public void CatAndStackPassGradCheckWithTransposedInputs()
    {
        var a = Input(3, 2, 3);
        var b = Input(4, 3, 3);
        Autodiff.GradCheck(t => Tensor.Cat([t[0].T, t[1]], dim: 1), [a, b]);
        Autodiff.GradCheck(t => Tensor.Cat([t[0], t[1]], dim: 0).Exp(), [a, b]);
        Autodiff.GradCheck(t => Tensor.Stack([t[0], t[1][..2]], dim: 1), [a, b]);
    }

    [Test]
    public void ChunkUsesPyTorchSizing()
    {
        using var six = Range(6);
        using var five = Range(5);
        using var empty = Tensor.Zeros([0, 2], DType.Float64);

        Assert.That(six.Chunk(4).Select(c => c.Size(0)), Is.EqualTo(new[] { 2, 2, 2 }));
        Assert.That(five.Chunk(3).Select(c => c.Size(0)), Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(empty.Chunk(3).Select(c => c.Size(0)), Is.EqualTo(new[] { 0, 0, 0 }));
        Assert.That(five.Split(2).Select(c => c.Size(0)), Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(five.Split([1, 4])[1].ToArray<double>(), Is.EqualTo(new double[] { 1, 2, 3, 4 }));
    }

    [Test]
    public void SplitPiecesAreViewsWhoseGradientsReachTheirSlices()
    {
        var x = Input(5, 4, 5);
        Autodiff.GradCheck(t => t[0].Split(2, dim: 1) is var p ? p[0].Sum(1) * 2 + p[2].Sum(1) : throw new InvalidOperationException(), [x]);
        Autodiff.GradCheck(t => t[0].T.Chunk(3, dim: 0)[1], [x]);
        using var y = Range(4, 5);
        Assert.That(y.Split([2, 3], dim: 1)[1].Storage, Is.SameAs(y.Storage));
    }

    [Test]
    public void RepeatTilesAndSumsGradientsOverTheCopies()
    {
        using var x = Range(2, 2);
        using var tiled = x.Repeat(2, 1, 2);
        Assert.That(tiled.Shape, Is.EqualTo(new[] { 2, 2, 4 }));
        Assert.That(tiled.ToArray<double>()[..8], Is.EqualTo(new double[] { 0, 1, 0, 1, 2, 3, 2, 3 }));
        Assert.That(tiled.Storage, Is.Not.SameAs(x.Storage));

        Autodiff.GradCheck(t => t[0].T.Repeat(3, 1, 2), [Input(6, 2, 3)]);
    }

    [Test]
    public void NarrowAndSelectBackwardAreThemselvesDifferentiable()
    {
        // The gradient of (narrow(x)²).sum() is 2·pad(narrow(x)); checking it against finite differences exercises
        // the backward of the backward (Pad's).
        Autodiff.GradCheck(t =>
        {
            using var grad = Tensor.EnableGrad();
            var y = t[0].Narrow(1, 1, 2).Select(0, 1);
            return Autodiff.Grad([(y * y).Sum()], [t[0]], createGraph: true)[0]!;
        }, [Input(7, 3, 4)]);
    }

    [Test]
    public void InPlaceChangesToAViewOfATensorThatRequiresGradAreRejected()
    {
        var x = Input(8, 3);
        using var y = x * 1;
        var ex = Assert.Throws<InvalidOperationException>(() => y.Narrow(0, 0, 2).AddInPlace(1));
        Assert.That(ex!.Message, Does.Contain("view"));
    }

    [Test]
    public void BadArgumentsNameTheOpAndTheShapes()
    {
        using var x = Range(2, 6);
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 5, 2))!.Message,
            Does.Contain("narrow: start (5) + length (2) exceeds dimension 1 of size 6"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(0, 2))!.Message,
            Does.Contain("select: index 2 is out of range for dimension 0 of size 2"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = x[0, ^7])!.Message, Does.Contain("index: ^7 is out of range for a dimension of size 6"));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = x[0, 1, 2])!.Message, Does.Contain("too many indices (3) for a tensor of shape [2, 6]"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(4))!.Message, Does.Contain("unsqueeze: dimension 4"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Pad([1]))!.Message, Does.Contain("pad: expected an even number of pads"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Pad([-4, -3]))!.Message, Does.Contain("negative size -1"));
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.Cat([x, Range(3, 5)], 1))!.Message,
            Does.Contain("cat: expected shapes to match except in dimension 1, but tensor 0 has shape [2, 6] and tensor 1 has shape [3, 5]"));
        Assert.That(Assert.Throws<ArgumentException>(() => Tensor.Stack([x, Range(2, 5)]))!.Message,
            Does.Contain("stack: expected every tensor to have the same shape"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Split([2, 3], 1))!.Message, Does.Contain("add up to 6"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Chunk(0))!.Message, Does.Contain("chunk: the number of chunks must be positive"));
        Assert.That(Assert.Throws<ArgumentException>(() => x.Repeat(2))!.Message, Does.Contain("repeat: 1 repeats [2] cannot be fewer"));
    }
}
