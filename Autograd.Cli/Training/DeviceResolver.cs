using Autograd.Nn.Config;

namespace Autograd.Cli.Training;

/// <summary>Turns the <c>DEVICE</c> setting into a device; an unknown or absent device is a config error listing those available.</summary>
internal static class DeviceResolver
{
    public static Device Resolve(string name)
    {
        try
        {
            return Gpu.Devices.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(new ConfigLocation("DEVICE", 0, 0), e.Message, "DEVICE");
        }
    }
}
