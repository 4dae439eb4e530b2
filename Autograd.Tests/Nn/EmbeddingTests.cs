using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class EmbeddingTests
{
    [Test]
    public void LooksUpRowsForIndicesOfAnyShape()
    {
        var embedding = new Embedding(5, 3, generator: new Generator(1), dtype: DType.Float64);
        var table = embedding.Weight.ToDoubleArray();
        using var indices = Tensor.From([4, 0, 4, 2], 2, 2);
        using var y = embedding.Forward(indices);
        Assert.That(y.Shape, Is.EqualTo(new[] { 2, 2, 3 }));
        var expected = new[] { 4, 0, 4, 2 }.SelectMany(i => table.Skip(3 * i).Take(3));
        Assert.That(y.ToDoubleArray(), Is.EqualTo(expected));
    }

    [Test]
    public void RepeatedIndicesAccumulateAndThePaddingRowGetsNoGradient()
    {
        var embedding = new Embedding(4, 2, paddingIdx: 1, generator: new Generator(2), dtype: DType.Float64);
        Assert.That(embedding.Weight.ToDoubleArray().Skip(2).Take(2), Is.EqualTo(new double[] { 0, 0 }), "the padding row starts at zero");
        using var indices = Tensor.From([3, 1, 3, 0, 1]);
        using var y = embedding.Forward(indices);
        using var loss = y.Sum();
        loss.Backward();
        Assert.That(embedding.Weight.Grad!.ToDoubleArray(), Is.EqualTo(new double[] { 1, 1, 0, 0, 0, 0, 2, 2 }));
    }

    [Test]
    public void WeightPassesGradCheck()
    {
        var embedding = new Embedding(4, 3, paddingIdx: -1, generator: new Generator(3), dtype: DType.Float64);
        using var indices = Tensor.From([2, 3, 0, 2], 2, 2);
        Autodiff.GradCheck(p => Functional.Embedding(indices, p[0], embedding.PaddingIdx) * Functional.Embedding(indices, p[0]), [embedding.Weight]);
    }

    [Test]
    public void InitialWeightsAreStandardNormal()
    {
        var w = new Embedding(1000, 20, generator: new Generator(4)).Weight.ToDoubleArray();
        double mean = w.Average();
        double std = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / w.Length);
        Assert.That(mean, Is.EqualTo(0).Within(0.02));
        Assert.That(std, Is.EqualTo(1).Within(0.02));
    }

    [Test]
    public void NonIntegerIndicesAreRejected()
    {
        var embedding = new Embedding(4, 2);
        using var indices = Tensor.From([1f, 2f]);
        Assert.That(() => embedding.Forward(indices), Throws.ArgumentException.With.Message.Contain("Int32 indices"));
    }
}
