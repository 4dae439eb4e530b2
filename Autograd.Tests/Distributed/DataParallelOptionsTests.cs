using Autograd.Nn.Distributed;

namespace Autograd.Tests.Distributed;

public class DataParallelOptionsTests
{
    [TestCase(null, "cuda:0", new[] { "cuda:0" })]
    [TestCase("2", "cuda", new[] { "cuda:0", "cuda:1" })]
    [TestCase("3", "cpu", new[] { "cpu", "cpu:1", "cpu:2" })]
    [TestCase("[cuda:0, cuda:1]", "cpu", new[] { "cuda:0", "cuda:1" })]
    [TestCase("'cuda:1','cuda:0'", "cpu", new[] { "cuda:1", "cuda:0" })]
    public void DevicesIsACountOrAList(string? devices, string device, string[] expected)
    {
        Assert.That(DataParallelOptions.ParseDevices(devices, device), Is.EqualTo(expected));
    }

    [TestCase("0", "at least 1")]
    [TestCase("cuda:0, cuda:0", "'cuda:0' appears more than once")]
    [TestCase("cpu, cpu:0", "'cpu' appears more than once")]
    [TestCase("cuda:0,,cuda:1", "empty device name")]
    public void BadDevicesAreRejected(string devices, string message)
    {
        Assert.That(() => DataParallelOptions.ParseDevices(devices), Throws.ArgumentException.With.Message.Contains(message));
    }

    [Test]
    public void CpuNamesResolveToDistinctPeers()
    {
        var devices = DataParallelOptions.Parse("2").ResolveDevices();

        Assert.That(devices[0], Is.SameAs(CpuDevice.Instance));
        Assert.That(devices[1].Name, Is.EqualTo("cpu:1"));
        Assert.That(() => DataParallelOptions.Parse("cuda:0").ResolveDevices(), Throws.ArgumentException.With.Message.Contains("pass a resolver"));
    }

    [Test]
    public void DistributedIsMpiNoneOrDetected()
    {
        Assert.That(DataParallelOptions.ParseBackend("MPI"), Is.EqualTo(DistributedBackend.Mpi));
        Assert.That(DataParallelOptions.ParseBackend("none"), Is.EqualTo(DistributedBackend.None));
        Assert.That(DataParallelOptions.ParseBackend(null), Is.EqualTo(MpiProcessGroup.IsLaunchedByMpirun ? DistributedBackend.Mpi : DistributedBackend.None));
        Assert.That(() => DataParallelOptions.ParseBackend("nccl"), Throws.ArgumentException.With.Message.Contains("unknown backend 'nccl'"));
    }
}
