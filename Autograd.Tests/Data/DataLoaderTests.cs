using Autograd.Nn.Data;

namespace Autograd.Tests.Data;

public class DataLoaderTests
{
    /// <summary>Ten samples of two features (i, 10 + i) labelled i % 3.</summary>
    private static Dataset Toy()
    {
        var features = Enumerable.Range(0, 10).SelectMany(i => new float[] { i, 10 + i }).ToArray();
        return new Dataset(features, Enumerable.Range(0, 10).Select(i => i % 3).ToArray(), [2], 3, "toy");
    }

    private static List<(float[] X, int[] Y, int[] Shape)> Pass(DataLoader loader) =>
        loader.Select(b =>
        {
            using (b) return (b.Features.ToArray<float>(), b.Labels.ToArray<int>(), b.Features.Shape.ToArray());
        }).ToList();

    [Test]
    public void BatchesKeepOrderAndTheLastPartialBatch()
    {
        var batches = Pass(new DataLoader(Toy(), batchSize: 4));
        Assert.That(batches.Select(b => b.Shape), Is.EqualTo(new[] { new[] { 4, 2 }, [4, 2], [2, 2] }));
        Assert.That(batches[2].X, Is.EqualTo(new float[] { 8, 18, 9, 19 }));
        Assert.That(batches[2].Y, Is.EqualTo(new[] { 2, 0 }));
    }

    [Test]
    public void DropLastSkipsTheIncompleteBatch()
    {
        var loader = new DataLoader(Toy(), batchSize: 4, dropLast: true);
        Assert.That(loader.BatchCount, Is.EqualTo(2));
        Assert.That(loader.SampleCount, Is.EqualTo(8));
        Assert.That(Pass(loader), Has.Count.EqualTo(2));
    }

    [Test]
    public void BatchesAreFloat32FeaturesAndInt32Labels()
    {
        using var batch = new DataLoader(Toy(), batchSize: 3).First();
        Assert.That(batch.Features.DType, Is.EqualTo(DType.Float32));
        Assert.That(batch.Labels.DType, Is.EqualTo(DType.Int32));
        Assert.That(batch.Labels.Shape, Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public void ShuffleIsAPermutationReproducibleFromTheSeedAndNewEachPass()
    {
        static float[] Order(DataLoader loader) => Pass(loader)[0].X.Where((_, i) => i % 2 == 0).ToArray();
        var loader = new DataLoader(Toy(), 10, shuffle: true, generator: new Generator(7));
        var sameSeed = new DataLoader(Toy(), 10, shuffle: true, generator: new Generator(7));
        float[] epoch1 = Order(loader), epoch2 = Order(loader), epoch1Again = Order(sameSeed);
        var identity = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        Assert.That(epoch1, Is.EquivalentTo(identity));
        Assert.That(epoch1, Is.Not.EqualTo(identity));
        Assert.That(epoch1Again, Is.EqualTo(epoch1));
        Assert.That(epoch2, Is.Not.EqualTo(epoch1));
    }

    [Test]
    public void FeaturesAndLabelsStayPairedWhenShuffled()
    {
        foreach (var (x, y, _) in Pass(new DataLoader(Toy(), 3, shuffle: true, generator: new Generator(1))))
            for (int i = 0; i < y.Length; i++)
                Assert.That(y[i], Is.EqualTo((int)x[2 * i] % 3));
    }

    [Test]
    public void NormalisationSubtractsTheMeanAndDividesByTheStd()
    {
        var batch = Pass(new DataLoader(Toy(), 10, normalization: new Normalization(9.5, 2)))[0];
        Assert.That(batch.X[..4], Is.EqualTo(new[] { -4.75f, 0.25f, -4.25f, 0.75f }));
    }

    [Test]
    public void DatasetNormalizationHasZeroMeanAndUnitStd()
    {
        var data = Toy();
        var n = data.ComputeNormalization();
        var values = Pass(new DataLoader(data, 10, normalization: n))[0].X;
        Assert.That(values.Average(), Is.EqualTo(0).Within(1e-5));
        Assert.That(Math.Sqrt(values.Select(v => (double)v * v).Average()), Is.EqualTo(1).Within(1e-5));
    }

    [Test]
    public void ShufflingWithoutAGeneratorIsRejected()
    {
        Assert.That(() => new DataLoader(Toy(), 2, shuffle: true), Throws.ArgumentException.With.Message.Contains("needs a Generator"));
    }
}
