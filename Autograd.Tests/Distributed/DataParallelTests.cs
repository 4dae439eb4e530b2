using Autograd.Nn;
using Autograd.Nn.Distributed;
using Autograd.Tests.MpiWorker;

namespace Autograd.Tests.Distributed;

public class DataParallelTests
{
    [Test]
    public void ReplicasStayIdenticalToTheMasterAfterAStep()
    {
        var dp = NewDataParallel(3, batchSize: 12);
        var (x, y) = IdentityScenario.BuildData();
        var optimizer = new Sgd(dp.Module.Parameters(), 0.5);

        dp.Step(optimizer, 12, b => Loss(b, x, y));

        var master = IdentityScenario.Flatten(dp.Module);
        Assert.That(master, Is.Not.EqualTo(IdentityScenario.Flatten(IdentityScenario.BuildModel())), "the step must change the master");
        for (int r = 1; r < 3; r++)
        {
            Assert.That(IdentityScenario.Flatten(dp.Replicas[r]), Is.EqualTo(master), $"replica {r}");
            Assert.That(dp.Replicas[r].Parameters().First().Device, Is.SameAs(dp.Devices[r]));
        }
    }

    [Test]
    public void AShortBatchAndAccumulationEqualOneDeviceAccumulatingEveryMicroBatch()
    {
        var (x, y) = IdentityScenario.BuildData();
        var single = IdentityScenario.BuildModel();
        var accumulator = new GradientAccumulator(new Sgd(single.Parameters(), 0.5), batchSize: 16, gradAccuSteps: 8);
        var dp = NewDataParallel(2, batchSize: 16, gradAccuSteps: 4);
        var optimizer = new Sgd(dp.Module.Parameters(), 0.5);

        var expected = accumulator.Step(11, (s, c) => Losses.CrossEntropy(single.Forward(x.Narrow(0, s, c)), y.Narrow(0, s, c)));
        var actual = dp.Step(optimizer, 11, b => Loss(b, x, y));

        Assert.That(actual.Loss, Is.EqualTo(expected.Loss).Within(1e-12));
        Assert.That(actual.MicroBatches, Is.EqualTo(6), "8 + 3 samples in micro-batches of 2");
        var worst = IdentityScenario.Flatten(dp.Module).Zip(IdentityScenario.Flatten(single)).Max(p => Math.Abs(p.First - p.Second));
        Assert.That(worst, Is.LessThan(1e-12));
    }

    [Test]
    public void AFailingReplicaIsNamedWithItsDevice()
    {
        var dp = NewDataParallel(2, batchSize: 4);
        var (x, y) = IdentityScenario.BuildData();
        var optimizer = new Sgd(dp.Module.Parameters(), 0.5);

        Assert.That(() => dp.Step(optimizer, 4, b => b.Replica == 1 ? throw new InvalidOperationException("out of memory") : Loss(b, x, y)),
            Throws.TypeOf<DataParallelException>().With.Message.EqualTo("DataParallel: replica 1 on cpu:1 failed: out of memory"));
    }

    [Test]
    public void ABatchThatDoesNotSplitOverDevicesAndStepsIsRejected()
    {
        Assert.That(() => NewDataParallel(3, batchSize: 12, gradAccuSteps: 3),
            Throws.ArgumentException.With.Message.Contains("BATCH_SIZE (12) is not divisible by replicas (3) × GRAD_ACCU_STEPS (3)"));
    }

    private static DataParallel<Sequential> NewDataParallel(int devices, int batchSize, int gradAccuSteps = 1) =>
        new(IdentityScenario.BuildModel, Enumerable.Range(0, devices).Select(i => (Device)CpuDevice.Create(i)).ToArray(), batchSize, gradAccuSteps);

    private static Tensor Loss(ReplicaBatch<Sequential> b, Tensor x, Tensor y) => Losses.CrossEntropy(
        b.Module.Forward(x.Narrow(0, b.Start, b.Count).To(b.Device)), y.Narrow(0, b.Start, b.Count).To(b.Device));
}
