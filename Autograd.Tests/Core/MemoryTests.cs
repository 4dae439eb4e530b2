namespace Autograd.Tests.Core;

/// <summary>Reference counting, scopes and the device's live-byte accounting.</summary>
public class MemoryTests
{
    // A device of its own, so garbage finalised from other tests cannot move its counters.
    private static readonly Device Dev = CpuDevice.Create(7);

    private static Tensor Param(int n) => Tensor.Randn([n, n], new Generator(1), DType.Float64).To(Dev).RequiresGrad_();

    [Test]
    public void DisposingTheLastHandleFreesTheStorage()
    {
        long before = Dev.LiveBytes;
        var t = Tensor.Zeros([100], DType.Float64, Dev);
        var view = t.Reshape(10, 10);
        Assert.That(Dev.LiveBytes, Is.EqualTo(before + 800));
        t.Dispose();
        Assert.That(Dev.LiveBytes, Is.EqualTo(before + 800), "the view still holds a reference");
        view.Dispose();
        Assert.That(Dev.LiveBytes, Is.EqualTo(before));
    }

    [Test]
    public void UsingADisposedTensorThrowsAClearError()
    {
        var t = Tensor.Zeros(3);
        t.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => t.Sum());
        Assert.That(ex!.Message, Does.Contain("disposed"));
    }

    [Test]
    public void ScopeDisposesEverythingCreatedInsideExceptWhatIsKept()
    {
        long before = Dev.LiveBytes;
        Tensor kept;
        using (var scope = Tensor.Scope())
        {
            var a = Tensor.Ones([10], DType.Float64, Dev);
            var b = (a * 2 + 1).Exp();
            kept = scope.Keep(b * 3);
        }
        Assert.That(Dev.LiveBytes, Is.EqualTo(before + 80));
        Assert.That(kept.ToArray<double>()[0], Is.EqualTo(3 * Math.Exp(3)).Within(1e-12));
        kept.Dispose();
        Assert.That(Dev.LiveBytes, Is.EqualTo(before));
    }

    [Test]
    public void ForwardAndBackwardInAScopeLeaveOnlyTheGradients()
    {
        var w1 = Param(16);
        var w2 = Param(16);
        long before = Dev.LiveBytes;
        using (Tensor.Scope())
        {
            var x = Tensor.Ones([16, 16], DType.Float64, Dev);
            var h = (x * w1).Exp() / (x + w2);
            var loss = (h * h).Sum();
            loss.Backward();
        }
        long gradients = w1.Grad!.Numel * 8L + w2.Grad!.Numel * 8L;
        Assert.That(Dev.LiveBytes, Is.EqualTo(before + gradients));
    }

    [Test]
    public void BackwardReleasesSavedTensorsUnlessTheGraphIsRetained()
    {
        var w = Param(32);
        Tensor loss;
        long withGraph;
        using (var scope = Tensor.Scope())
        {
            var h = (w * w).Exp() * w;
            loss = scope.Keep((h * h).Sum());
        }
        withGraph = Dev.LiveBytes;
        loss.Backward(retainGraph: true);
        long afterRetained = Dev.LiveBytes - w.Grad!.Numel * 8L;
        Assert.That(afterRetained, Is.EqualTo(withGraph), "retained graph keeps its saved tensors");
        w.Grad.Dispose();
        w.Grad = null;
        loss.Backward();
        long afterFreed = Dev.LiveBytes - w.Grad!.Numel * 8L;
        // Saved by the graph and nowhere else: exp(w·w) and h, one [32, 32] Float64 storage each.
        Assert.That(afterFreed, Is.EqualTo(withGraph - 2 * 32 * 32 * 8L), "the saved intermediates were freed");
    }

    [Test]
    public void DisposingTheOutputOfAForwardPassThatNeverRanBackwardFreesWhatItsGraphSaved()
    {
        var w = Param(32);
        long before = Dev.LiveBytes;
        using (Tensor.Scope())
        {
            var h = (w * w).Exp() * w;
            var loss = (h * h).Sum();
            Assert.That(Dev.LiveBytes, Is.GreaterThan(before + 2 * 32 * 32 * 8L), "exp(w·w) and h are saved by the graph");
        }
        // Without the garbage collector: the last handle on the graph is gone, so nothing can run backward through it.
        Assert.That(Dev.LiveBytes, Is.EqualTo(before));
    }

    [Test]
    public void ADisposedIntermediateStaysInTheGraphOfWhatWasComputedFromIt()
    {
        var w = Param(4);
        var h = (w * w).Exp();
        var loss = (h * h).Sum();
        h.Dispose();
        loss.Backward();
        // d/dw Σ exp(w²)² = 4w·exp(w²)²
        double[] expected = w.ToArray<double>().Select(v => 4 * v * Math.Exp(v * v) * Math.Exp(v * v)).ToArray();
        Assert.That(w.Grad!.ToArray<double>(), Is.EqualTo(expected).Within(1e-9));
        loss.Dispose();
    }

    [Test]
    public void AGraphKeptForAnotherBackwardIsFreedWhenItsOutputIsDisposed()
    {
        var w = Param(32);
        long before = Dev.LiveBytes;
        Tensor loss;
        using (var scope = Tensor.Scope())
        {
            var h = (w * w).Exp() * w;
            loss = scope.Keep((h * h).Sum());
        }
        loss.Backward(retainGraph: true);
        long gradient = w.Grad!.Numel * 8L;
        Assert.That(Dev.LiveBytes, Is.GreaterThan(before + gradient + 8), "the retained graph keeps its saved tensors");
        loss.Dispose();
        Assert.That(Dev.LiveBytes, Is.EqualTo(before + gradient));
    }

    [Test]
    public void DisposingTheOutputOfAVeryLongChainFreesItWithoutOverflowingTheStack()
    {
        // A device of its own: the loop makes garbage, and finalising other tests' undisposed tensors must not move the count.
        var device = CpuDevice.Create(15);
        var w = Tensor.Ones([1], DType.Float64, device).RequiresGrad_();
        long before = device.LiveBytes;
        var y = w * 1;
        for (int i = 0; i < 200_000; i++)
        {
            var next = y * 1.000001;
            y.Dispose();
            y = next;
        }
        y.Dispose();
        Assert.That(device.LiveBytes, Is.EqualTo(before));
    }

    [Test]
    public void ASteadyStateTrainingStepTakesEveryBufferFromThePool()
    {
        var device = CpuDevice.Create(16);
        var w1 = Tensor.Randn([12, 16], new Generator(1), DType.Float32).To(device).RequiresGrad_();
        var w2 = Tensor.Randn([16, 3], new Generator(2), DType.Float32).To(device).RequiresGrad_();
        var x = Tensor.Randn([8, 12], new Generator(3), DType.Float32).To(device);
        void Step()
        {
            using var scope = Tensor.Scope();
            var loss = x.MatMul(w1).Relu().MatMul(w2).LogSoftmax(1).Mean();
            loss.Backward();
            using (Tensor.NoGrad())
            {
                w1.AddInPlace(w1.Grad!, -0.1);
                w2.AddInPlace(w2.Grad!, -0.1);
            }
            w1.Grad!.Dispose();
            w2.Grad!.Dispose();
            w1.Grad = w2.Grad = null;
        }

        Step();
        long allocations = device.Allocations, fresh = device.FreshAllocations;
        for (int i = 0; i < 3; i++) Step();
        Assert.That(device.Allocations - allocations, Is.GreaterThan(3 * 10), "each step allocates its activations and gradients");
        Assert.That(device.FreshAllocations, Is.EqualTo(fresh), "and every one of them reuses a freed buffer");
    }

    [Test]
    public void PeakBytesTrackTheHighestLiveLevel()
    {
        Dev.ResetPeak();
        long start = Dev.LiveBytes;
        using (var t = Tensor.Zeros([1000], DType.Float64, Dev))
        {
        }
        Assert.That(Dev.PeakBytes, Is.GreaterThanOrEqualTo(start + 8000));
        Assert.That(Dev.LiveBytes, Is.EqualTo(start));
    }

    [Test]
    public void MovingANonContiguousViewToAnotherDeviceLeavesNoTemporaryBehind()
    {
        var source = CpuDevice.Create(13);
        var target = CpuDevice.Create(14);
        using var x = Tensor.Arange(6, DType.Float64).Reshape(2, 3).To(source);
        long before = source.LiveBytes;
        using var moved = x.T.To(target);
        Assert.That(source.LiveBytes, Is.EqualTo(before));
        Assert.That(target.LiveBytes, Is.EqualTo(6 * 8));
        Assert.That(moved.ToArray<double>(), Is.EqualTo(new double[] { 0, 3, 1, 4, 2, 5 }));
    }
}
