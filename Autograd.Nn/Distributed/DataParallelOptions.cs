using System.Globalization;

namespace Autograd.Nn.Distributed;

/// <summary>Which engine connects the processes of a job.</summary>
public enum DistributedBackend
{
    /// <summary>One process (possibly over several devices, see <see cref="DataParallel{TModule}"/>).</summary>
    None,

    /// <summary>Several processes started by Open MPI's <c>mpirun</c> (see <see cref="MpiProcessGroup"/>).</summary>
    Mpi,
}

/// <summary>
/// The config keys of data-parallel training, parsed: <c>DEVICES</c> (the devices of one process) and
/// <c>DISTRIBUTED</c> (the engine between processes).
/// </summary>
/// <remarks>
/// <para><c>DEVICES</c> is a list of device names (<c>[cuda:0, cuda:1]</c>, or the string <c>cuda:0,cuda:1</c>), or a
/// count N, meaning the first N devices of <c>DEVICE</c>'s kind (<c>cuda:0</c> … <c>cuda:N-1</c>; for <c>cpu</c>:
/// <c>cpu</c>, <c>cpu:1</c> … <c>cpu:N-1</c>, CPU peers with their own memory accounting). Absent, it is
/// <c>DEVICE</c> alone. Like MCAN's <c>GPU: '0,1'</c>, changing it is the only change from one device to several.</para>
/// <para><c>DISTRIBUTED</c> is <c>mpi</c>, <c>none</c>, or <c>auto</c> (the default): MPI when the process was started by
/// <c>mpirun</c>, otherwise none.</para>
/// </remarks>
public sealed record DataParallelOptions(IReadOnlyList<string> DeviceNames, DistributedBackend Backend)
{
    /// <summary>Parses the two keys.</summary>
    /// <param name="devices">DEVICES as written (a count, a comma-separated list, optionally in brackets), or null.</param>
    /// <param name="device">DEVICE, the single device and the kind a count refers to.</param>
    /// <param name="distributed">DISTRIBUTED, or null for auto.</param>
    /// <exception cref="ArgumentException">A malformed or repeated device, a count below 1, or an unknown backend.</exception>
    public static DataParallelOptions Parse(string? devices, string device = "cpu", string? distributed = null) =>
        new(ParseDevices(devices, device), ParseBackend(distributed));

    /// <summary>The device names DEVICES denotes (see the remarks).</summary>
    /// <exception cref="ArgumentException">A malformed or repeated device, or a count below 1.</exception>
    public static IReadOnlyList<string> ParseDevices(string? devices, string device = "cpu") =>
        TryParseDevices(devices, device, out var problem) ?? throw new ArgumentException($"DEVICES {problem}.", nameof(devices));

    /// <summary>Why DEVICES cannot be used (worded to follow the key's name, for config errors), or null when it can.</summary>
    public static string? DevicesProblem(string? devices, string device = "cpu")
    {
        TryParseDevices(devices, device, out var problem);
        return problem;
    }

    private static string[]? TryParseDevices(string? devices, string device, out string? problem)
    {
        problem = null;
        var text = devices?.Trim() ?? "";
        if (text.StartsWith('[') && text.EndsWith(']')) text = text[1..^1].Trim();
        if (text.Length == 0) return [device];
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int count))
        {
            if (count >= 1)
            {
                string kind = device.Split(':')[0].Trim().ToLowerInvariant();
                return Enumerable.Range(0, count).Select(i => kind == "cpu" ? (i == 0 ? "cpu" : $"cpu:{i}") : $"{kind}:{i}").ToArray();
            }
            problem = $"must be a device count of at least 1, got {count}";
            return null;
        }
        var names = text.Split(',').Select(n => n.Trim().Trim('\'', '"').ToLowerInvariant()).ToArray();
        if (names.Any(n => n.Length == 0))
        {
            problem = $"has an empty device name in '{devices}'";
            return null;
        }
        var repeated = names.GroupBy(n => n == "cpu:0" ? "cpu" : n).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            problem = $"must name each device once, but '{repeated.Key}' appears more than once in '{devices}' (each device holds one replica)";
            return null;
        }
        return names;
    }

    /// <summary>The backend DISTRIBUTED denotes: <c>mpi</c>, <c>none</c>, or <c>auto</c>/null (MPI exactly when started by mpirun).</summary>
    public static DistributedBackend ParseBackend(string? distributed) => distributed?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => MpiProcessGroup.IsLaunchedByMpirun ? DistributedBackend.Mpi : DistributedBackend.None,
        "mpi" => DistributedBackend.Mpi,
        "none" => DistributedBackend.None,
        _ => throw new ArgumentException($"DISTRIBUTED: unknown backend '{distributed}'; use mpi, none or auto.", nameof(distributed)),
    };

    /// <summary>
    /// The devices, one per name: <c>cpu</c> and <c>cpu:N</c> become <see cref="CpuDevice"/> peers; any other name is
    /// passed to <paramref name="resolve"/> (e.g. <c>Autograd.Gpu.Devices.Get</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a CPU device and no resolver was given.</exception>
    public IReadOnlyList<Device> ResolveDevices(Func<string, Device>? resolve = null) => DeviceNames.Select(name =>
    {
        if (name == "cpu") return CpuDevice.Instance;
        if (name.StartsWith("cpu:", StringComparison.Ordinal) && int.TryParse(name[4..], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            return CpuDevice.Create(index);
        return resolve?.Invoke(name) ?? throw new ArgumentException($"DEVICES: '{name}' is not a CPU device; pass a resolver that knows it (Autograd.Gpu.Devices.Get).");
    }).ToArray();
}
