using Autograd.Nn.Distributed;

namespace Autograd.Tests.Distributed;

public class ProcessGroupTests
{
    [Test]
    public void AllReduceSumGivesEveryRankTheSumInRankOrder()
    {
        var results = RunRanks(3, group =>
        {
            double[] values = [group.Rank + 1, 10 * (group.Rank + 1), 0.1];
            group.AllReduceSum(values);
            return values;
        });

        foreach (var values in results) Assert.That(values, Is.EqualTo(new[] { 6.0, 60.0, 0.1 + 0.1 + 0.1 }));
    }

    [Test]
    public void BroadcastCopiesTheRootsValuesToEveryRank()
    {
        var results = RunRanks(3, group =>
        {
            float[] values = [group.Rank, -group.Rank];
            group.Broadcast(values, root: 2);
            return values.Select(v => (double)v).ToArray();
        });

        foreach (var values in results) Assert.That(values, Is.EqualTo(new[] { 2.0, -2.0 }));
    }

    [Test]
    public void TensorAllReduceSumsInPlace()
    {
        var results = RunRanks(2, group =>
        {
            using var t = Tensor.Full([2, 2], group.Rank + 1, DType.Float64);
            group.AllReduceSum(t);
            return t.ToDoubleArray();
        });

        foreach (var values in results) Assert.That(values, Is.EqualTo(new[] { 3.0, 3.0, 3.0, 3.0 }));
    }

    [Test]
    public void AverageMetricWeightsEachRankBySampleCount()
    {
        var results = RunRanks(2, group =>
        {
            var (mean, count) = group.Rank == 0 ? group.AverageMetric(1.0, 3) : group.AverageMetric(5.0, 1);
            return [mean, count];
        });

        foreach (var values in results) Assert.That(values, Is.EqualTo(new[] { 2.0, 4.0 }));
    }

    [Test]
    public void MismatchedLengthsAreReportedNotSummed()
    {
        var groups = InProcessGroup.Create(2);
        var errors = new Exception?[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            try
            {
                groups[r].AllReduceSum(new double[r + 1]);
            }
            catch (Exception e)
            {
                errors[r] = e;
            }
        });

        Assert.That(errors[0], Is.TypeOf<InvalidOperationException>().With.Message.Contains("rank 0 passed 1 Double values but rank 1 passed 2 Double"));
    }

    [Test]
    public void ARankThatThrowsAbortsTheOthersInsteadOfHangingThem()
    {
        var groups = InProcessGroup.Create(2, TimeSpan.FromSeconds(30));
        var waiter = Task.Factory.StartNew(() => groups[0].AllReduceSum(new double[1]), TaskCreationOptions.LongRunning);

        var thrower = Assert.Throws<InvalidOperationException>(() => groups[1].RunOrAbort(() => throw new InvalidOperationException("boom")));

        var aborted = Assert.Throws<AggregateException>(() => waiter.Wait(TimeSpan.FromSeconds(10)))!.InnerException;
        Assert.That(thrower!.Message, Is.EqualTo("boom"));
        Assert.That(aborted, Is.TypeOf<ProcessGroupAbortedException>().With.Message.Contains("rank 1 of 2 failed: InvalidOperationException: boom"));
    }

    [Test]
    public void ACollectiveThatWaitsPastTheTimeoutAbortsTheGroup()
    {
        var groups = InProcessGroup.Create(2, TimeSpan.FromMilliseconds(50));

        Assert.That(() => groups[0].Barrier(), Throws.TypeOf<ProcessGroupAbortedException>().With.Message.Contains("waited more than"));
        Assert.That(() => groups[1].Barrier(), Throws.TypeOf<ProcessGroupAbortedException>());
    }

    internal static double[][] RunRanks(int ranks, Func<IProcessGroup, double[]> body) => DataParallelIdentityTests.RunRanks(ranks, body);
}
