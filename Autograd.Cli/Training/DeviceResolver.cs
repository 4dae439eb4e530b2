using Autograd.Nn.Config;
using Autograd.Nn.Distributed;

namespace Autograd.Cli.Training;

/// <summary>
/// Turns the <c>DEVICE</c> setting into a device; an unknown or absent device is a config error, pointing at the line or
/// <c>--set</c> that named it and listing the devices available.
/// </summary>
internal static class DeviceResolver
{
    /// <param name="config">The config, which knows where <paramref name="key"/> was set.</param>
    /// <param name="name">The device's name.</param>
    /// <param name="key">The config key that named it, for the error.</param>
    public static Device Resolve(TrainingConfig config, string name, string key = "DEVICE")
    {
        try
        {
            return Gpu.Devices.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(config.LocationOf(key) ?? new ConfigLocation($"{key} (default)", 0, 0), e.Message, key);
        }
    }

    /// <summary>
    /// The devices this process trains on: <c>DEVICES</c> when set (CPU names become distinct CPU peers, others are
    /// looked up like <c>DEVICE</c>), else <c>DEVICE</c> alone.
    /// </summary>
    public static IReadOnlyList<Device> ResolveAll(DataParallelOptions options, TrainingConfig config) =>
        config.Devices is null ? [Resolve(config, config.Device)] : options.ResolveDevices(name => Resolve(config, name, "DEVICES"));
}
