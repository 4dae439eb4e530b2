using Autograd.Nn;

namespace Autograd.Tests.Nn;

public class OptimizerTests
{
    private static readonly double[] Start = [0.5, -1.25, 2.0, 0.0];

    /// <summary>The gradient used at step k (1-based) in these tests: it changes sign and size, so momentum matters.</summary>
    private static double[] GradientAt(int k, double[] p) => p.Select((v, i) => Math.Sin(k + i) + 0.3 * v).ToArray();

    private static Tensor Parameter() => Tensor.From((double[])Start.Clone(), 2, 2).RequiresGrad_();

    private static void Run(Optimizer optimizer, Tensor p, int steps, int first = 1)
    {
        for (int k = first; k < first + steps; k++)
        {
            p.Grad = Tensor.From(GradientAt(k, p.ToDoubleArray()), 2, 2);
            optimizer.Step();
        }
    }

    [TestCase(0.0, 0.0, 0.0, false)]
    [TestCase(0.9, 0.0, 0.0, false)]
    [TestCase(0.9, 0.1, 0.01, false)]
    [TestCase(0.8, 0.0, 0.05, true)]
    public void SgdFollowsPyTorchsUpdateRule(double momentum, double dampening, double weightDecay, bool nesterov)
    {
        const double lr = 0.1;
        var p = Parameter();
        Run(new Sgd([p], lr, momentum, dampening, weightDecay, nesterov), p, 6);

        var reference = (double[])Start.Clone();
        var buffer = new double[4];
        for (int k = 1; k <= 6; k++)
        {
            var g = GradientAt(k, reference);
            for (int i = 0; i < 4; i++)
            {
                double d = g[i] + weightDecay * reference[i];
                if (momentum != 0)
                {
                    buffer[i] = k == 1 ? d : momentum * buffer[i] + (1 - dampening) * d;
                    d = nesterov ? d + momentum * buffer[i] : buffer[i];
                }
                reference[i] -= lr * d;
            }
        }
        Assert.That(p.ToDoubleArray(), Is.EqualTo(reference).Within(1e-14));
    }

    [TestCase(false, false, 0.0)]
    [TestCase(false, false, 0.1)]
    [TestCase(true, false, 0.1)]
    [TestCase(false, true, 0.0)]
    [TestCase(true, true, 0.05)]
    public void AdamAndAdamWFollowPyTorchsUpdateRule(bool decoupled, bool amsGrad, double weightDecay)
    {
        const double lr = 0.05, beta1 = 0.9, beta2 = 0.98, eps = 1e-9;
        var p = Parameter();
        Optimizer optimizer = decoupled
            ? new AdamW([p], lr, beta1, beta2, eps, weightDecay, amsGrad)
            : new Adam([p], lr, beta1, beta2, eps, weightDecay, amsGrad);
        Run(optimizer, p, 7);

        var reference = (double[])Start.Clone();
        double[] m = new double[4], v = new double[4], vMax = new double[4];
        for (int k = 1; k <= 7; k++)
        {
            var g = GradientAt(k, reference);
            for (int i = 0; i < 4; i++)
            {
                double d = g[i];
                if (decoupled) reference[i] *= 1 - lr * weightDecay;
                else d += weightDecay * reference[i];
                m[i] = beta1 * m[i] + (1 - beta1) * d;
                v[i] = beta2 * v[i] + (1 - beta2) * d * d;
                vMax[i] = Math.Max(vMax[i], v[i]);
                double second = amsGrad ? vMax[i] : v[i];
                double denominator = Math.Sqrt(second) / Math.Sqrt(1 - Math.Pow(beta2, k)) + eps;
                reference[i] -= lr / (1 - Math.Pow(beta1, k)) * m[i] / denominator;
            }
        }
        Assert.That(p.ToDoubleArray(), Is.EqualTo(reference).Within(1e-13));
    }

    [Test]
    public void StepUpdatesTheParameterInPlaceAndSkipsParametersWithoutGradients()
    {
        var p = Parameter();
        var q = Parameter();
        var view = p.Detach();
        var optimizer = new Adam([p, q], 0.1);
        Run(optimizer, p, 1);
        Assert.That(view.ToDoubleArray(), Is.Not.EqualTo(Start), "the update must land in p's own storage");
        Assert.That(q.ToDoubleArray(), Is.EqualTo(Start), "q had no gradient");
        Assert.That(p.IsLeaf && p.RequiresGrad, Is.True);
        Assert.That(optimizer.SaveState().Parameters.Select(s => s.Step), Is.EqualTo(new long[] { 1, 0 }));
    }

    [Test]
    public void ZeroGradClearsOrZeroesTheGradients()
    {
        var p = Parameter();
        var optimizer = new Sgd([p], 0.1);
        p.Grad = Tensor.OnesLike(p);
        optimizer.ZeroGrad(setToNone: false);
        Assert.That(p.Grad!.ToDoubleArray(), Is.All.EqualTo(0));
        optimizer.ZeroGrad();
        Assert.That(p.Grad, Is.Null);
    }

    private static readonly Dictionary<string, Func<IEnumerable<Tensor>, Optimizer>> Every = new()
    {
        ["SGD with momentum and weight decay"] = p => new Sgd(p, 0.1, momentum: 0.9, weightDecay: 0.1),
        ["Adam with weight decay"] = p => new Adam(p, 0.1, weightDecay: 0.1),
        ["AdamW"] = p => new AdamW(p, 0.1, weightDecay: 0.1),
    };

    private static IEnumerable<string> EveryName => Every.Keys;

    [TestCaseSource(nameof(EveryName))]
    public void FrozenParametersAreAcceptedAndSkippedByTheStep(string optimizer)
    {
        var trained = Parameter();
        var frozen = Tensor.From((double[])Start.Clone(), 2, 2);
        var step = Every[optimizer]([trained, frozen]);
        Assert.That(step.Parameters, Has.Member(frozen));
        using (var loss = (trained * frozen).Sum())
        {
            loss.Backward();
        }
        Assert.That(frozen.Grad, Is.Null, "a tensor that does not require grad gets no gradient");
        step.Step();
        Assert.That(trained.ToDoubleArray(), Is.Not.EqualTo(Start));
        Assert.That(frozen.ToDoubleArray(), Is.EqualTo(Start));
        Assert.That(step.SaveState().Parameters.Select(s => s.Step), Is.EqualTo(new long[] { 1, 0 }));
    }

    [Test]
    public void ZeroGradWithoutSetToNoneDetachesAGradientWithHistoryAndZeroesIt()
    {
        var p = Parameter();
        var optimizer = new Sgd([p], 0.1);
        using (var loss = (p * p * p).Sum())
        {
            loss.Backward(createGraph: true);
        }
        Assert.That(p.Grad!.GradFn, Is.Not.Null, "createGraph gives the gradient a history");
        optimizer.ZeroGrad(setToNone: false);
        Assert.That(p.Grad, Is.Not.Null, "PyTorch keeps the gradient, detached and zeroed");
        Assert.That(p.Grad!.GradFn, Is.Null);
        Assert.That(p.Grad.RequiresGrad, Is.False);
        Assert.That(p.Grad.ToDoubleArray(), Is.All.EqualTo(0));
    }

    [Test]
    public void StateThatHasBeenUpdatedDoesNotFollowAMovedParameterUntilItIsReloaded()
    {
        var device = CpuDevice.Create(4);
        var model = new Linear(2, 2, generator: new Generator(1), dtype: DType.Float64);
        var optimizer = new Adam(model.Parameters(), 0.1);
        TrainStep(model, optimizer);
        model.To(device);

        var ex = Assert.Throws<InvalidOperationException>(() => TrainStep(model, optimizer));
        Assert.That(ex!.Message, Does.Contain("Adam.Step").And.Contain("exp_avg").And.Contain(device.Name).And.Contain("LoadState"));

        var state = optimizer.SaveState();
        optimizer.LoadState(state);
        var before = model.Weight.ToDoubleArray();
        optimizer.Step();
        Assert.That(model.Weight.ToDoubleArray(), Is.Not.EqualTo(before));
        Assert.That(optimizer.SaveState().Parameters[0].Buffers["exp_avg"].Device, Is.SameAs(device));
        Assert.That(state.Parameters[0].Buffers["exp_avg"].Device, Is.Not.SameAs(device), "the loaded snapshot is copied, not moved");
    }

    private static void TrainStep(Linear model, Optimizer optimizer)
    {
        optimizer.ZeroGrad();
        using var ones = Tensor.Ones([3, 2], DType.Float64);
        using var x = ones.To(model.Weight.Device);
        using var loss = model.Forward(x).Sum();
        loss.Backward();
        optimizer.Step();
    }

    /// <summary>Each optimizer whose state a checkpoint carries, with the settings that give it state to lose.</summary>
    private static readonly Dictionary<string, Func<Tensor, Optimizer>> Resumable = new()
    {
        ["Adam (AMSGrad)"] = p => new Adam([p], 0.05, amsGrad: true),
        ["AdamW"] = p => new AdamW([p], 0.05, weightDecay: 0.1),
        ["SGD with momentum"] = p => new Sgd([p], 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01),
        ["SGD with Nesterov momentum"] = p => new Sgd([p], 0.05, momentum: 0.9, nesterov: true),
    };

    private static IEnumerable<string> ResumableNames => Resumable.Keys;

    [TestCaseSource(nameof(ResumableNames))]
    public void RestoredStateContinuesExactlyLikeAnUninterruptedRun(string optimizer)
    {
        var create = Resumable[optimizer];
        var uninterrupted = Parameter();
        Run(create(uninterrupted), uninterrupted, 8);

        var first = Parameter();
        var before = create(first);
        Run(before, first, 3);
        var state = before.SaveState();
        var afterThree = first.ToDoubleArray();
        Run(before, first, 2, first: 4);

        var resumed = Tensor.From(afterThree, 2, 2).RequiresGrad_();
        var after = create(resumed);
        after.LoadState(state);
        Run(after, resumed, 5, first: 4);
        Assert.That(resumed.ToDoubleArray(), Is.EqualTo(uninterrupted.ToDoubleArray()));
    }

    [Test]
    public void SavedStateIsACopy()
    {
        var p = Parameter();
        var optimizer = new Sgd([p], 0.1, momentum: 0.9);
        Run(optimizer, p, 1);
        var state = optimizer.SaveState();
        var saved = state.Parameters[0].Buffers["momentum_buffer"].ToDoubleArray();
        Run(optimizer, p, 1, first: 2);
        Assert.That(state.Parameters[0].Buffers["momentum_buffer"].ToDoubleArray(), Is.EqualTo(saved));
        Assert.That(state.Parameters[0].Step, Is.EqualTo(1));
    }

    [Test]
    public void LoadingAMismatchedStateNamesEveryProblemAndChangesNothing()
    {
        var p = Parameter();
        var state = new Adam([p], 0.1, beta1: 0.8).SaveState();
        var other = new Sgd([Parameter(), Parameter()], 0.1, momentum: 0.9);
        var ex = Assert.Throws<ArgumentException>(() => other.LoadState(state));
        Assert.That(ex!.Message, Does.Contain("saved by Adam").And.Contain("1 parameters but this optimizer has 2"));
        Assert.That(other.LearningRate, Is.EqualTo(0.1));

        var adam = new Adam([Parameter()], 0.1);
        ex = Assert.Throws<ArgumentException>(() => adam.LoadState(state));
        Assert.That(ex!.Message, Does.Contain("beta1 is 0.8 in the state but 0.9 here"));
    }

    [Test]
    public void ConstructorRejectsBadParametersAndHyperparameters()
    {
        var p = Parameter();
        Assert.That(Assert.Throws<ArgumentException>(() => new Sgd([p, p]))!.Message, Does.Contain("more than once"));
        Assert.That(Assert.Throws<ArgumentException>(() => new Sgd([p * 2]))!.Message, Does.Contain("not a leaf"));
        Assert.That(Assert.Throws<ArgumentException>(() => new Sgd([]))!.Message, Does.Contain("empty parameter list"));
        Assert.That(Assert.Throws<ArgumentException>(() => new Sgd([p], nesterov: true))!.Message, Does.Contain("Nesterov"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], beta2: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], learningRate: -1));
    }

    [Test]
    public void ClipGradNormScalesAllGradientsByTheGlobalNorm()
    {
        var a = Parameter();
        var b = Tensor.Zeros([2], DType.Float64, requiresGrad: true);
        a.Grad = Tensor.From([3.0, 0.0, 0.0, 0.0], 2, 2);
        b.Grad = Tensor.From([0.0, 4.0], 2);
        double norm = Optim.ClipGradNorm([a, b], maxNorm: 1);
        Assert.That(norm, Is.EqualTo(5));
        double scale = 1 / (5 + 1e-6);
        Assert.That(a.Grad.ToDoubleArray(), Is.EqualTo(new[] { 3 * scale, 0, 0, 0 }).Within(1e-15));
        Assert.That(b.Grad.ToDoubleArray(), Is.EqualTo(new[] { 0, 4 * scale }).Within(1e-15));
    }

    [Test]
    public void ClipGradNormLeavesSmallGradientsAloneAndSupportsOtherNorms()
    {
        var a = Parameter();
        a.Grad = Tensor.From([1.0, -2.0, 0.5, 0.0], 2, 2);
        Assert.That(Optim.ClipGradNorm([a], maxNorm: 10, normType: 1), Is.EqualTo(3.5));
        Assert.That(Optim.ClipGradNorm([a], maxNorm: 10, normType: double.PositiveInfinity), Is.EqualTo(2));
        Assert.That(a.Grad.ToDoubleArray(), Is.EqualTo(new[] { 1.0, -2.0, 0.5, 0.0 }));
        Assert.That(Optim.ClipGradNorm([Parameter()], maxNorm: 1), Is.EqualTo(0), "no gradients: norm 0");
    }
}
