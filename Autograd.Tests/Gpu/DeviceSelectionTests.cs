using Autograd.Gpu;

namespace Autograd.Tests.Gpu;

public class DeviceSelectionTests
{
    [Test]
    public void RequestingCudaWithoutAGpuListsTheDevicesThatExist()
    {
        if (Devices.Available.Any(d => d.StartsWith("cuda", StringComparison.Ordinal))) Assert.Ignore("This machine has a CUDA GPU.");
        var ex = Assert.Throws<ArgumentException>(() => Devices.Get("cuda:0"));
        Assert.That(ex!.Message, Does.Contain("'cuda:0' is not available").And.Contain("no CUDA GPU was found").And.Contain("cpu, ilgpu-cpu"));
        Assert.Throws<ArgumentException>(() => Devices.Get("cuda"));
    }

    [Test]
    public void NamesMapToOneInstanceEach()
    {
        Assert.That(Devices.Get("cpu"), Is.SameAs(CpuDevice.Instance));
        Assert.That(Devices.Get(" ILGPU-CPU "), Is.SameAs(Devices.Get("ilgpu-cpu")));
        Assert.That(Devices.Get("ilgpu-cpu").Name, Is.EqualTo("ilgpu-cpu"));
    }

    [Test]
    public void EveryAvailableNameResolvesToTheDeviceOfThatName()
    {
        // The CLI's --device and the config's DEVICE key go through Get, and list Available in their errors.
        foreach (string name in Devices.Available) Assert.That(Devices.Get(name).Name, Is.EqualTo(name));
    }

    [Test]
    public void AnUnknownNameIsRejectedWithTheValidForms()
    {
        var ex = Assert.Throws<ArgumentException>(() => Devices.Get("tpu:0"));
        Assert.That(ex!.Message, Does.Contain("Unknown device 'tpu:0'").And.Contain("cuda:N"));
    }

    [Test]
    public void TheEnvironmentVariableChoosesTheDefaultDevice()
    {
        string? saved = Environment.GetEnvironmentVariable(Devices.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(Devices.EnvironmentVariable, "ilgpu-cpu");
            Assert.That(Devices.Default, Is.SameAs(Devices.Get("ilgpu-cpu")));
            Environment.SetEnvironmentVariable(Devices.EnvironmentVariable, null);
            Assert.That(Devices.Default, Is.SameAs(Devices.Available.Contains("cuda:0") ? Devices.Get("cuda:0") : CpuDevice.Instance));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Devices.EnvironmentVariable, saved);
        }
    }
}
