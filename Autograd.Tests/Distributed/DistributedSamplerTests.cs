using Autograd.Nn.Data;
using Autograd.Nn.Distributed;

namespace Autograd.Tests.Distributed;

public class DistributedSamplerTests
{
    [Test]
    public void RanksTogetherSeeTheSingleProcessLoadersBatches()
    {
        var dataset = new Dataset(new float[10], Enumerable.Range(0, 10).ToArray(), [1], 10, "ids");
        var loader = new DataLoader(dataset, batchSize: 4, shuffle: true, generator: new Generator(3));
        var expected = loader.Select(b => { using (b) return b.Labels.ToArray<int>(); }).ToArray();

        var perRank = Enumerable.Range(0, 2)
            .Select(r => new DistributedSampler(10, 4, r, 2, shuffle: true, generator: new Generator(3)).Batches().ToArray()).ToArray();

        Assert.That(perRank[0], Has.Length.EqualTo(expected.Length));
        for (int b = 0; b < expected.Length; b++)
        {
            Assert.That(perRank[0][b].Indices.Concat(perRank[1][b].Indices), Is.EqualTo(expected[b]), $"batch {b}");
            Assert.That(perRank[0][b].GlobalCount, Is.EqualTo(expected[b].Length));
        }
    }

    [Test]
    public void TheShortLastBatchFillsRanksInOrder()
    {
        var shards = Enumerable.Range(0, 3).Select(r => new DistributedSampler(13, 6, r, 3).Batches().Last()).ToArray();

        Assert.That(shards.Select(s => s.Indices), Is.EqualTo(new[] { new[] { 12 }, Array.Empty<int>(), Array.Empty<int>() }));
        Assert.That(shards.Select(s => s.GlobalCount), Is.All.EqualTo(1));
    }

    [Test]
    public void DropLastSkipsTheShortBatchOnEveryRank()
    {
        var sampler = new DistributedSampler(13, 6, 1, 3, dropLast: true);

        Assert.That(sampler.Batches().Select(b => b.Indices), Is.EqualTo(new[] { new[] { 2, 3 }, new[] { 8, 9 } }));
    }

    [Test]
    public void ABatchSizeThatDoesNotSplitEvenlyIsRejected()
    {
        Assert.That(() => new DistributedSampler(10, 5, 0, 2), Throws.ArgumentException.With.Message.Contains("BATCH_SIZE (5) is not divisible by replicas (2)"));
    }
}
