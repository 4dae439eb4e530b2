using Autograd.Cli.Runs;
using Autograd.Cli.Training;
using Autograd.Nn.Config;
using Autograd.Nn.Data;
using Autograd.Nn.Distributed;
using Spectre.Console;

namespace Autograd.Cli.Commands;

/// <summary>
/// <c>train [CONFIG]</c>: loads the config (the embedded default without one), the data and the model, and runs
/// <see cref="TrainingSession"/>: on one device, data-parallel over <c>DEVICES</c>, or as one rank of an MPI job
/// (<c>DISTRIBUTED: mpi</c>, or started by <c>mpirun</c>).
/// </summary>
internal static class TrainCommand
{
    private const string DefaultConfigResource = "Autograd.Cli.default.yml";

    public static int Run(CommandLine command, IAnsiConsole console, CancellationToken stop)
    {
        var config = LoadConfig(command.Argument, command.AllOverrides);
        var options = DataParallelOptions.Parse(config.Devices, config.Device, config.Distributed);
        var devices = DeviceResolver.ResolveAll(options, config);
        if (options.Backend == DistributedBackend.Mpi) return MpiRun.Run(config, devices, console, stop, command.Overwrite);
        var reporter = new ConsoleReporter(console);
        var (train, test) = LoadData(config, reporter);
        SetVersion(config);
        var session = new TrainingSession(config, train, test, devices[0], reporter, devices.Count > 1 ? new ParallelSetup(devices) : null, command.Overwrite);
        return session.Run(stop);
    }

    /// <summary>Names the run: the resumed one, the configured VERSION, or a new name from the time (never an existing run's).</summary>
    public static void SetVersion(TrainingConfig config) =>
        config.Version = config.Resume ? config.CkptVersion! : config.Version ?? RunFolder.NewVersion(config);

    /// <summary>The config file, or the embedded default, with the overrides applied and validated.</summary>
    public static TrainingConfig LoadConfig(string? path, IReadOnlyList<string> overrides)
    {
        if (path is not null)
        {
            if (Directory.Exists(path)) throw new FileNotFoundException($"Config file '{path}' is a folder; train takes a YAML file, such as configs/fashion-mlp.yml.");
            if (!File.Exists(path)) throw new FileNotFoundException($"Config file '{path}' does not exist.");
            return ConfigLoader.Load(path, overrides);
        }
        using var stream = typeof(TrainCommand).Assembly.GetManifestResourceStream(DefaultConfigResource)
            ?? throw new InvalidOperationException($"The embedded default config {DefaultConfigResource} is missing.");
        return ConfigLoader.Parse(new StreamReader(stream).ReadToEnd(), "default.yml", overrides);
    }

    /// <summary>The train and test splits of the config's dataset.</summary>
    public static (Dataset Train, Dataset Test) LoadData(TrainingConfig config, ConsoleReporter reporter)
    {
        if (config.Dataset == "digits")
        {
            reporter.Info($"Data: {Digits.Attribution}");
            return Digits.Load();
        }
        if (config.DataDir is { } dataDir && !Directory.Exists(dataDir))
            throw new ConfigException(config.LocationOf("DATA_DIR") ?? new ConfigLocation("DATA_DIR", 0, 0),
                $"DATA_DIR '{dataDir}' does not exist; fetch the data into it with `autograd fetch fashion-mnist --data-dir {dataDir}`, or correct the path", "DATA_DIR");
        string folder = FashionMnist.Locate(config.DataDir) ?? throw new FileNotFoundException(
            "Fashion-MNIST was not found. Looked in:\n  " + string.Join("\n  ", FashionMnist.SearchFolders(config.DataDir)) +
            "\nRun `dotnet run --project Autograd.Cli -c Release -- fetch fashion-mnist` first, or set DATA_DIR.");
        reporter.Info($"Data: Fashion-MNIST (Zalando SE, MIT license) from {folder}");
        return FashionMnist.LoadFrom(folder);
    }
}
