using Autograd.Nn.Data;

namespace Autograd.Tests.Data;

public class DigitsTests
{
    [Test]
    public void EmbeddedDigitsHaveAll1797SamplesOf64PixelsScaledToUnitRange()
    {
        var all = Digits.LoadAll();
        Assert.Multiple(() =>
        {
            Assert.That(all.Count, Is.EqualTo(1797));
            Assert.That(all.FeatureCount, Is.EqualTo(64));
            Assert.That(all.ClassCount, Is.EqualTo(10));
            Assert.That(Enumerable.Range(0, all.Count).Select(all.Label).Distinct().Count(), Is.EqualTo(10));
            Assert.That(all.Features(0)[2], Is.EqualTo(5f / 16));
            Assert.That(all.Label(1), Is.EqualTo(1));
        });
    }

    [Test]
    public void SplitIsDeterministicAndEveryFifthSampleIsTest()
    {
        var (train, test) = Digits.Load();
        var all = Digits.LoadAll();
        Assert.Multiple(() =>
        {
            Assert.That(train.Count, Is.EqualTo(1438));
            Assert.That(test.Count, Is.EqualTo(359));
            Assert.That(test.Features(0).ToArray(), Is.EqualTo(all.Features(4).ToArray()));
            Assert.That(train.Features(4).ToArray(), Is.EqualTo(all.Features(5).ToArray()));
        });
    }

    [Test]
    public void EveryClassAppearsInTheTestSplit()
    {
        var (_, test) = Digits.Load();
        var counts = Enumerable.Range(0, test.Count).GroupBy(test.Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(counts.Keys.Order(), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(counts.Values.Min(), Is.GreaterThanOrEqualTo(20));
    }
}
