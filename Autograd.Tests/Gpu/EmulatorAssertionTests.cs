using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace Autograd.Tests.Gpu;

/// <summary>
/// The emulator's bounds checks end up as a failure of the test that tripped them, not as a dead test process
/// (the default trace listener would abort it) and not silently.
/// </summary>
public class EmulatorAssertionTests
{
    /// <summary>Copies source[i + 1] to destination[i]: the last thread reads one past the end of source.</summary>
    private static void ShiftedCopy(Index1D i, ArrayView<int> source, ArrayView<int> destination) => destination[i] = source[i + 1];

    [Test]
    public void AnOutOfRangeReadOnTheEmulatorIsRecordedAndFailsTheTestThatCausedIt()
    {
        // Bounds checks on, as Devices.Get("ilgpu-cpu") has them; the source is a view of the first half of a larger
        // buffer, so the out-of-range read is caught by the check yet still lands in allocated memory.
        using var context = Context.Create(b => b.CPU(CPUDeviceKind.Default).Assertions());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var memory = accelerator.Allocate1D(new[] { 10, 11, 12, 13, 14, 15, 16, 17 });
        using var destination = accelerator.Allocate1D<int>(4);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>>(ShiftedCopy);

        kernel(4, memory.View.SubView(0, 4), destination.View);
        accelerator.Synchronize();

        // Taking the record is what lets this test pass: left in place, it would fail the test after it ran.
        string? failure = TraceAssertions.TakeFailure(TestContext.CurrentContext.Test.ID);
        Assert.That(failure, Does.StartWith("1 failed trace assertion(s)").And.Contain("ILGPU emulator").And.Contain("Index out of range"));
        Assert.That(destination.GetAsArray1D(), Is.EqualTo(new[] { 11, 12, 13, 14 }), "the process went on after the report");
        Assert.That(TraceAssertions.TakeFailure(TestContext.CurrentContext.Test.ID), Is.Null, "a record is reported once");
    }

    [Test]
    public void AnInRangeKernelRecordsNothing()
    {
        using var context = Context.Create(b => b.CPU(CPUDeviceKind.Default).Assertions());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var memory = accelerator.Allocate1D(new[] { 10, 11, 12, 13, 14 });
        using var destination = accelerator.Allocate1D<int>(4);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>>(ShiftedCopy);

        kernel(4, memory.View, destination.View);
        accelerator.Synchronize();

        Assert.That(TraceAssertions.TakeFailure(TestContext.CurrentContext.Test.ID), Is.Null);
        Assert.That(destination.GetAsArray1D(), Is.EqualTo(new[] { 11, 12, 13, 14 }));
    }
}
