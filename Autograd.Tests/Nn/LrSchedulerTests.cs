using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class LrSchedulerTests
{
    private static Optimizer Optimizer(double lr) => new Sgd([Tensor.Zeros([1], DType.Float64, requiresGrad: true)], lr);

    private static double[] Rates(LrScheduler scheduler, int epochs)
    {
        var rates = new List<double> { scheduler.Optimizer.LearningRate };
        for (int e = 1; e < epochs; e++)
        {
            scheduler.Step();
            rates.Add(scheduler.Optimizer.LearningRate);
        }
        return rates.ToArray();
    }

    [Test]
    public void McanWarmupRampsThenDecaysAtTheListedEpochs()
    {
        var scheduler = new McanWarmupLr(Optimizer(1e-4), decayEpochs: [10, 12], decayRate: 0.2);
        var rates = Rates(scheduler, 14);
        double[] expected = [1e-4 * 1 / 4, 1e-4 * 2 / 4, 1e-4 * 3 / 4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4,
            1e-4 * 0.2, 1e-4 * 0.2, 1e-4 * 0.2 * 0.2, 1e-4 * 0.2 * 0.2];
        Assert.That(rates, Is.EqualTo(expected));
    }

    [Test]
    public void McanDecayDuringTheWarmUpComposes()
    {
        var scheduler = new McanWarmupLr(Optimizer(1.0), decayEpochs: [1], decayRate: 0.5);
        Assert.That(Rates(scheduler, 4), Is.EqualTo(new[] { 0.25, 0.5 * 2 / 4, 0.5 * 3 / 4, 0.5 }));
    }

    [Test]
    public void StepAndMultiStepDecay()
    {
        Assert.That(Rates(new StepLr(Optimizer(1.0), stepSize: 2, gamma: 0.5), 6), Is.EqualTo(new[] { 1, 1, 0.5, 0.5, 0.25, 0.25 }));
        Assert.That(Rates(new MultiStepLr(Optimizer(1.0), [3, 1], gamma: 0.1), 5), Is.EqualTo(new[] { 1, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1 }));
    }

    [Test]
    public void CosineGoesFromTheBaseRateToTheMinimum()
    {
        var rates = Rates(new CosineAnnealingLr(Optimizer(1.0), maxEpochs: 4, minLearningRate: 0.2), 5);
        double[] expected = [1.0, 0.2 + 0.8 * (1 + Math.Cos(Math.PI / 4)) / 2, 0.6, 0.2 + 0.8 * (1 + Math.Cos(3 * Math.PI / 4)) / 2, 0.2];
        Assert.That(rates, Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void LinearWarmupRisesToTheBaseRateAndStays()
    {
        var rates = Rates(new LinearWarmupLr(Optimizer(0.9), warmupEpochs: 3, startFactor: 1.0 / 3), 5);
        Assert.That(rates, Is.EqualTo(new[] { 0.3, 0.3 + 0.6 / 3, 0.3 + 1.2 / 3, 0.9, 0.9 }).Within(1e-15));
    }

    [Test]
    public void RestoredSchedulerContinuesWhereTheSavedOneWas()
    {
        var original = new McanWarmupLr(Optimizer(1e-3), [2], 0.1);
        original.Step();
        original.Step();
        var state = original.SaveState();

        var optimizer = Optimizer(1e-3);
        var restored = new McanWarmupLr(optimizer, [2], 0.1);
        restored.LoadState(state);
        Assert.That(restored.Epoch, Is.EqualTo(2));
        Assert.That(optimizer.LearningRate, Is.EqualTo(original.Optimizer.LearningRate));
        original.Step();
        restored.Step();
        Assert.That(optimizer.LearningRate, Is.EqualTo(original.Optimizer.LearningRate));
    }

    [Test]
    public void TheFirstSchedulerRecordsTheOptimizersRateAsItsInitialLearningRate()
    {
        var optimizer = Optimizer(0.5);
        Assert.That(optimizer.InitialLearningRate, Is.Null);
        var scheduler = new StepLr(optimizer, stepSize: 1, gamma: 0.1);
        Assert.That(optimizer.InitialLearningRate, Is.EqualTo(0.5));
        Assert.That(scheduler.BaseLearningRate, Is.EqualTo(0.5));
    }

    [Test]
    public void ALaterSchedulerTakesTheInitialLearningRateAsItsBaseNotTheCurrentRate()
    {
        var optimizer = Optimizer(1.0);
        var first = new StepLr(optimizer, stepSize: 1, gamma: 0.5);
        first.Step();
        first.Step();
        Assert.That(optimizer.LearningRate, Is.EqualTo(0.25));

        var second = new CosineAnnealingLr(optimizer, maxEpochs: 4);
        Assert.That(second.BaseLearningRate, Is.EqualTo(1.0), "PyTorch's base_lrs come from initial_lr");
        Assert.That(optimizer.InitialLearningRate, Is.EqualTo(1.0), "set once, by the first scheduler");
        Assert.That(optimizer.LearningRate, Is.EqualTo(1.0));
    }

    [Test]
    public void AnInitialLearningRateSetBeforehandIsTheBaseRate()
    {
        var optimizer = Optimizer(0.1);
        optimizer.InitialLearningRate = 2.0;
        var scheduler = new MultiStepLr(optimizer, [1], gamma: 0.5);
        Assert.That(Rates(scheduler, 2), Is.EqualTo(new[] { 2.0, 1.0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.InitialLearningRate = double.NaN);
    }

    [Test]
    public void TheOptimizersStateCarriesItsInitialLearningRate()
    {
        var original = Optimizer(0.3);
        var scheduler = new StepLr(original, stepSize: 1, gamma: 0.1);
        scheduler.Step();
        var state = original.SaveState();
        Assert.That(state.InitialLearningRate, Is.EqualTo(0.3));

        var resumed = Optimizer(0.7);
        resumed.LoadState(state);
        Assert.That(resumed.InitialLearningRate, Is.EqualTo(0.3));
        Assert.That(new StepLr(resumed, stepSize: 1).BaseLearningRate, Is.EqualTo(0.3));
    }

    [Test]
    public void LoadingAnotherSchedulesStateFails()
    {
        var state = new StepLr(Optimizer(1), 2).SaveState();
        var ex = Assert.Throws<ArgumentException>(() => new CosineAnnealingLr(Optimizer(1), 5).LoadState(state));
        Assert.That(ex!.Message, Does.Contain("StepLR"));
    }
}
