namespace Autograd.Tests.Core;

public class CreationTests
{
    [Test]
    public void TheSameSeedGivesTheSameNumbers()
    {
        var a = Tensor.Randn([1000], new Generator(42));
        var b = Tensor.Randn([1000], new Generator(42));
        var c = Tensor.Randn([1000], new Generator(43));
        Assert.That(a.ToArray<float>(), Is.EqualTo(b.ToArray<float>()));
        Assert.That(a.ToArray<float>(), Is.Not.EqualTo(c.ToArray<float>()));
    }

    [Test]
    public void AGeneratorContinuesItsStreamAndCanBeRewound()
    {
        var g = new Generator(5);
        var first = Tensor.Rand([4], g).ToArray<float>();
        var second = Tensor.Rand([4], g).ToArray<float>();
        Assert.That(second, Is.Not.EqualTo(first));
        g.Offset = 0;
        Assert.That(Tensor.Rand([4], g).ToArray<float>(), Is.EqualTo(first));
    }

    [Test]
    public void RandomSequencesArePinnedAcrossRuns()
    {
        // Philox4x32-10 is a fixed function of (seed, counter): these values must never change between versions.
        var values = Tensor.RandInt(0, 1000, [5], new Generator(2026)).ToArray<int>();
        var again = Tensor.RandInt(0, 1000, [5], new Generator(2026)).ToArray<int>();
        Assert.That(values, Is.EqualTo(again));
        Assert.That(values, Has.All.InRange(0, 999));
        var (w0, w1, w2, w3) = Philox.Block(0, 0);
        // Philox4x32-10 known-answer test (Random123, key 0 counter 0).
        Assert.That(new[] { w0, w1, w2, w3 }, Is.EqualTo(new uint[] { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 }));
    }

    [Test]
    public void RandomDistributionsHaveTheRightMoments()
    {
        var u = Tensor.Rand([20000], new Generator(1), DType.Float64).ToArray<double>();
        var n = Tensor.Randn([20000], new Generator(2), DType.Float64).ToArray<double>();
        Assert.That(u, Has.All.InRange(0.0, 1.0));
        Assert.That(u.Average(), Is.EqualTo(0.5).Within(0.01));
        Assert.That(n.Average(), Is.EqualTo(0).Within(0.03));
        Assert.That(Math.Sqrt(n.Select(v => v * v).Average()), Is.EqualTo(1).Within(0.03));
    }

    [Test]
    public void RangesAndIdentityHaveTorchValues()
    {
        Assert.That(Tensor.Arange(5).ToArray<int>(), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(Tensor.Arange(1, 2, 0.25, DType.Float64).ToArray<double>(), Is.EqualTo(new[] { 1, 1.25, 1.5, 1.75 }));
        Assert.That(Tensor.Linspace(0, 1, 5, DType.Float64).ToArray<double>(), Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75, 1 }));
        Assert.That(Tensor.Eye(2, 3).ToArray<float>(), Is.EqualTo(new[] { 1f, 0, 0, 0, 1, 0 }));
        Assert.That(Tensor.Full([2], 7, DType.Int32).ToArray<int>(), Is.EqualTo(new[] { 7, 7 }));
    }

    [Test]
    public void FromChecksThatTheDataFillsTheShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.From([1f, 2f, 3f], 2, 2));
        Assert.That(ex!.Message, Does.Contain("3 elements").And.Contain("[2, 2]"));
    }

    [Test]
    public void CopyToFillsASpanInRowMajorOrderAndRefusesAShortOneOrAnotherElementType()
    {
        using var x = Tensor.From([1, 2, 3, 4, 5, 6], 2, 3);
        using var t = x.T;
        Span<int> values = stackalloc int[8];
        values.Fill(-1);
        t.CopyTo(values);
        Assert.That(values.ToArray(), Is.EqualTo(new[] { 1, 4, 2, 5, 3, 6, -1, -1 }), "the transpose's own order; the rest untouched");
        var shortOne = Assert.Throws<ArgumentException>(() => t.CopyTo(new int[5].AsSpan()))!;
        Assert.That(shortOne.Message, Does.Contain("holds 5 elements").And.Contain("int32 [3, 2]"));
        Assert.Throws<InvalidOperationException>(() => t.CopyTo(new float[6].AsSpan()));
    }

    [Test]
    public void ItemReadsOneElementTensorsOnly()
    {
        Assert.That(Tensor.From([2.5f]).Item<float>(), Is.EqualTo(2.5f));
        Assert.That(Tensor.Scalar(4, DType.Int32).Item(), Is.EqualTo(4));
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).Item());
        Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).ToArray<double>());
    }

    [Test]
    public void Float32AndFloat64PromoteButScalarsKeepTheTensorType()
    {
        var f = Tensor.Ones(2);
        var d = Tensor.Ones([2], DType.Float64);
        Assert.That((f + d).DType, Is.EqualTo(DType.Float64));
        Assert.That((f * 2.5).DType, Is.EqualTo(DType.Float32));
        Assert.That((Tensor.From([1, 2]) + 1).DType, Is.EqualTo(DType.Int32));
        Assert.That((Tensor.From([1, 2]) / 2).DType, Is.EqualTo(DType.Float32));
    }

    [Test]
    public void AZeroDimensionalTensorDecidesTheTypeOnlyFromAHigherCategory()
    {
        var f = Tensor.Ones(2);
        var i = Tensor.From([1, 2]);
        var f64 = Tensor.Scalar(1, DType.Float64);
        Assert.That((f + f64).DType, Is.EqualTo(DType.Float32), "float32 [2] + float64 0-d");
        Assert.That((f64 * f).DType, Is.EqualTo(DType.Float32), "either order");
        Assert.That((i + f64).DType, Is.EqualTo(DType.Float64), "int32 [2] + float64 0-d: floating beats integer");
        Assert.That((f64 + Tensor.Scalar(1)).DType, Is.EqualTo(DType.Float64), "two 0-d tensors promote as usual");
        Assert.That(Tensor.Where(f.Gt(0), f, f64).DType, Is.EqualTo(DType.Float32));
    }

    [Test]
    public void GradientOfAZeroDimensionalFloat64OperandKeepsItsType()
    {
        var f64 = Tensor.Scalar(2, DType.Float64, requiresGrad: true);
        var x = Tensor.From([1f, 2f, 3f]);
        (x * f64).Sum().Backward();
        Assert.That(f64.Grad!.DType, Is.EqualTo(DType.Float64));
        Assert.That(f64.Grad.Item(), Is.EqualTo(6.0));
    }
}

