using Autograd.Gpu;

namespace Autograd.Tests.Gpu;

public class DeviceMemoryTests
{
    private static IlgpuDevice Emulator => (IlgpuDevice)Devices.Get("ilgpu-cpu");

    private static void Step(Device device)
    {
        using var scope = Tensor.Scope();
        var w = Tensor.Ones([16, 8], DType.Float32, device, requiresGrad: true);
        var loss = ((w * 3).Exp() / 7).Sum();
        loss.Backward();
        w.Grad!.Dispose();
    }

    // The emulator device is shared by the whole run: tensors other tests dropped without disposing are freed by
    // their finalizers, which would change LiveBytes in the middle of a measurement unless they run first.
    private static void CollectOtherTestsGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [Test]
    public void ASteadyStateStepTakesNoNewDeviceMemory()
    {
        var device = Emulator;
        CollectOtherTestsGarbage();
        Step(device);
        long reserved = device.ReservedBytes, live = device.LiveBytes;
        long allocations = device.Allocations, fresh = device.FreshAllocations;
        for (int i = 0; i < 3; i++) Step(device);
        Assert.That(device.ReservedBytes, Is.EqualTo(reserved));
        Assert.That(device.LiveBytes, Is.EqualTo(live));
        Assert.That(device.Allocations, Is.GreaterThan(allocations));
        Assert.That(device.FreshAllocations, Is.EqualTo(fresh), "every buffer came from the cache");
    }

    [Test]
    public void LivePeakAndReservedBytesFollowTheTensors()
    {
        var device = Emulator;
        CollectOtherTestsGarbage();
        long before = device.LiveBytes;
        device.ResetPeak();
        var t = Tensor.Zeros([1000], DType.Float64, device);
        Assert.That(device.LiveBytes, Is.EqualTo(before + 8000));
        Assert.That(device.ReservedBytes, Is.GreaterThanOrEqualTo(device.LiveBytes));
        t.Dispose();
        Assert.That(device.LiveBytes, Is.EqualTo(before));
        Assert.That(device.PeakBytes, Is.EqualTo(before + 8000));
    }

    [Test]
    public void OutOfMemoryReportsTheNumbersAndKeepsExistingTensors()
    {
        var device = Emulator;
        var kept = Tensor.Full([10], 2.5, DType.Float32, device);
        device.MemoryLimit = device.ReservedBytes + (1 << 20);
        try
        {
            var ex = Assert.Throws<DeviceOutOfMemoryException>(() => Tensor.Zeros([1 << 20], DType.Float32, device));
            Assert.That(ex!.Message, Does.Contain("out of memory allocating 4 MiB").And.Contain("Allocated:").And.Contain("reserved:").And.Contain("peak:").And.Contain("limit:"));
            Assert.That(kept.ToArray<float>(), Is.All.EqualTo(2.5f));
        }
        finally
        {
            device.MemoryLimit = null;
        }
    }

    [Test]
    public void EmptyCacheReturnsFreeBlocksToTheDriver()
    {
        var device = Emulator;
        Tensor.Zeros([5000], DType.Float32, device).Dispose();
        long reserved = device.ReservedBytes;
        device.EmptyCache();
        Assert.That(device.ReservedBytes, Is.LessThanOrEqualTo(reserved - CachingAllocator.BlockSize(5000 * 4)));
        Assert.That(device.ReservedBytes, Is.GreaterThanOrEqualTo(device.LiveBytes));
    }
}
