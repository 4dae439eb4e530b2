using Autograd.Nn;
using Autograd.Nn.Config;

namespace Autograd.Tests.Config;

/// <summary>
/// LR_DECAY_LIST means what it means in MCAN (core/exec.py: <c>for epoch in range(start_epoch, MAX_EPOCH): if epoch in
/// LR_DECAY_LIST: adjust_lr(optim, LR_DECAY_R)</c>, epochs counted from 0), wherever it is used.
/// </summary>
public class LearningRateScheduleTests
{
    private static Optimizer Optimizer(double lr) => new Sgd([Tensor.Zeros([1], DType.Float64, requiresGrad: true)], lr);

    /// <summary>The rates of 0-based epochs 0 … count-1 as a scheduler steps through them.</summary>
    private static double[] Rates(LrScheduler scheduler, int count) =>
        Enumerable.Range(0, count).Select(epoch => { scheduler.Step(epoch); return scheduler.Optimizer.LearningRate; }).ToArray();

    [Test]
    public void ConfigScheduleDecaysAtTheStartOfTheListedZeroBasedEpochsAsMcanDoes()
    {
        var config = ConfigLoader.Parse("LR_BASE: 1\nLR_DECAY_R: 0.5\nLR_DECAY_LIST: [3, 5]\n");
        var scheduler = config.CreateScheduler(Optimizer(config.LrBase));
        Assert.That(Rates(scheduler, 7), Is.EqualTo(new[] { 1, 1, 1, 0.5, 0.5, 0.25, 0.25 }));
    }

    [Test]
    public void DefaultRunDecaysFromItsEleventhEpoch()
    {
        var config = ConfigLoader.Parse("LR_BASE: 0.003\nLR_DECAY_R: 0.3\nLR_DECAY_LIST: [10]\n");
        var rates = Rates(config.CreateScheduler(Optimizer(config.LrBase)), 15);
        Assert.That(rates[..10], Is.All.EqualTo(0.003), "epochs 1 to 10 (0-based 0 to 9)");
        Assert.That(rates[10..], Is.All.EqualTo(0.003 * 0.3), "epochs 11 to 15 (0-based 10 to 14)");
    }

    [Test]
    public void ConfigScheduleAndMcanWarmupDecayAtTheSameEpochs()
    {
        var config = ConfigLoader.Parse("LR_BASE: 1\nLR_DECAY_R: 0.2\nLR_DECAY_LIST: [10, 12]\n");
        var plain = Rates(config.CreateScheduler(Optimizer(1)), 14);
        var mcan = Rates(new McanWarmupLr(Optimizer(1), config.LrDecayList, config.LrDecayR), 14);
        Assert.That(mcan[3..], Is.EqualTo(plain[3..]), "after MCAN's three warm-up epochs the two schedules are the same");
        Assert.That(mcan[..3], Is.EqualTo(new[] { 0.25, 0.5, 0.75 }));
    }

    [Test]
    public void DecayAtEpochZeroAppliesFromTheFirstEpoch()
    {
        var config = ConfigLoader.Parse("LR_BASE: 1\nLR_DECAY_R: 0.5\nLR_DECAY_LIST: [0]\n");
        Assert.That(Rates(config.CreateScheduler(Optimizer(1)), 2), Is.EqualTo(new[] { 0.5, 0.5 }));
        Assert.That(Assert.Throws<ConfigException>(() => ConfigLoader.Parse("LR_DECAY_LIST: [-1]\n"))!.Message,
            Does.Contain("LR_DECAY_LIST epochs (counted from 0) must be ≥ 0"));
    }
}
