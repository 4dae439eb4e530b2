using Autograd.Nn.Config;
using Autograd.Nn.Distributed;

namespace Autograd.Tests.Config;

public class DataParallelConfigTests
{
    private static ConfigException Fails(string yaml, params string[] overrides) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "test.yml", overrides))!;

    [TestCase("DEVICES: [cpu, cpu:1]\n", "cpu, cpu:1", new[] { "cpu", "cpu:1" })]
    [TestCase("DEVICES: [cuda:0, cuda:1]\n", "cuda:0, cuda:1", new[] { "cuda:0", "cuda:1" })]
    [TestCase("DEVICES: 3\n", "3", new[] { "cpu", "cpu:1", "cpu:2" })]
    [TestCase("DEVICES: 'cpu:1,cpu'\n", "cpu:1,cpu", new[] { "cpu:1", "cpu" })]
    public void DevicesIsAListOrACountOfDeviceKind(string yaml, string stored, string[] names)
    {
        var config = ConfigLoader.Parse("BATCH_SIZE: 48\n" + yaml);

        Assert.That(config.Devices, Is.EqualTo(stored));
        Assert.That(DataParallelOptions.ParseDevices(config.Devices, config.Device), Is.EqualTo(names));
    }

    [Test]
    public void WithoutDevicesTheRunUsesDeviceAloneAndDistributedIsAuto()
    {
        var config = ConfigLoader.Parse("DEVICE: cuda:1\n");

        Assert.That(config.Devices, Is.Null);
        Assert.That(config.Distributed, Is.EqualTo("auto"));
        Assert.That(DataParallelOptions.ParseDevices(config.Devices, config.Device), Is.EqualTo(new[] { "cuda:1" }));
    }

    [Test]
    public void DevicesAndDistributedSurviveToYaml()
    {
        var config = ConfigLoader.Parse("DEVICES: [cpu, cpu:1]\nDISTRIBUTED: mpi\n");
        var counted = ConfigLoader.Parse("DEVICES: 2\n");

        var again = ConfigLoader.Parse(config.ToYaml());

        Assert.That((again.Devices, again.Distributed), Is.EqualTo(("cpu, cpu:1", "mpi")));
        Assert.That(config.ToYaml(), Does.Contain("DEVICES: [cpu, cpu:1]\n"));
        Assert.That(ConfigLoader.Parse(counted.ToYaml()).Devices, Is.EqualTo("2"));
    }

    [Test]
    public void OverridesSetDevicesAndDistributed()
    {
        var config = ConfigLoader.Parse("DEVICES: 2\n", "test.yml", ["DEVICES=[cpu, cpu:1, cpu:2, cpu:3]", "DISTRIBUTED=none"]);

        Assert.That(config.Devices, Is.EqualTo("cpu, cpu:1, cpu:2, cpu:3"));
        Assert.That(config.Distributed, Is.EqualTo("none"));
    }

    [TestCase("DEVICES: [cpu, cpu:0]\n", "test.yml:1:10: DEVICES must name each device once, but 'cpu' appears more than once")]
    [TestCase("DEVICES: 0\n", "test.yml:1:10: DEVICES must be a device count of at least 1, got 0")]
    [TestCase("DEVICES: -2\n", "test.yml:1:10: DEVICES must be a device count of at least 1, got -2")]
    [TestCase("DEVICES: []\n", "test.yml:1:10: DEVICES must list at least one device")]
    [TestCase("DEVICES: [cuda:0, '']\n", "test.yml:1:10: DEVICES has an empty device name")]
    [TestCase("DEVICES: [[cpu]]\n", "test.yml:1:11: DEVICES expects a device count or a list of devices, like [cpu, cpu:1], got a list")]
    [TestCase("DEVICES: {cpu: 1}\n", "test.yml:1:10: DEVICES expects a device count or a list of devices, like [cpu, cpu:1], got a mapping")]
    [TestCase("\nDISTRIBUTED: nccl\n", "test.yml:2:14: DISTRIBUTED must be one of auto, mpi, none; got 'nccl'")]
    public void BadValuesAreRejectedAtTheirPosition(string yaml, string message)
    {
        Assert.That(Fails(yaml).Message, Does.StartWith(message));
    }

    [Test]
    public void BatchNotDivisibleOverDevicesAndStepsNamesAllThree()
    {
        var e = Fails("BATCH_SIZE: 64\nGRAD_ACCU_STEPS: 4\nDEVICES: 3\n");

        Assert.That(e.Message, Does.StartWith("test.yml:3:1: BATCH_SIZE (64) must be divisible by the 3 DEVICES × GRAD_ACCU_STEPS (4)"));
        Assert.That(e.Key, Is.EqualTo("DEVICES"));
    }

    [Test]
    public void AnOverrideThatBreaksTheDeviceSplitIsBlamedForIt()
    {
        var e = Fails("BATCH_SIZE: 64\nDEVICES: [cpu, cpu:1]\n", "GRAD_ACCU_STEPS=3");

        Assert.That(e.Message, Does.StartWith("--set GRAD_ACCU_STEPS=3: BATCH_SIZE (64) must be divisible by GRAD_ACCU_STEPS (3)"));
        Assert.That(Fails("BATCH_SIZE: 64\n", "DEVICES=[cpu, cpu:1, cpu:2]").Message,
            Does.StartWith("--set DEVICES=[cpu, cpu:1, cpu:2]: BATCH_SIZE (64) must be divisible by the 3 DEVICES"));
    }
}
