using System.Globalization;
using Autograd.Cli.Runs;
using Autograd.Cli.Training;
using Autograd.Nn.Config;
using Autograd.Nn.Data;
using Spectre.Console;

namespace Autograd.Cli.Commands;

/// <summary>
/// <c>eval --ckpt PATH</c>: rebuilds the model from the config saved in the checkpoint (with any <c>--set</c>
/// overrides, e.g. another DATA_DIR or DEVICE), loads its weights and reports loss and accuracy on the test split.
/// </summary>
internal static class EvalCommand
{
    public static int Run(CommandLine command, IAnsiConsole console)
    {
        string path = command.Checkpoint!;
        if (Directory.Exists(path))
            throw new FileNotFoundException($"Checkpoint '{path}' is a folder; --ckpt takes a checkpoint file, such as {Path.Combine(path, "epoch1.ckpt")}.");
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.");
        var info = Checkpointing.ReadInfo(path);
        var config = ConfigLoader.WithOverrides(info.Config, command.AllOverrides);
        var reporter = new ConsoleReporter(console);
        var device = DeviceResolver.Resolve(config, config.Device);
        var (train, test) = TrainCommand.LoadData(config, reporter);

        var model = ModelBuilder.Build(config, train, new Generator((ulong)config.Seed));
        model.To(device);
        Checkpointing.Load(path, model, device);
        var loader = new DataLoader(test, 1000, normalization: train.ComputeNormalization(), device: device);
        var result = Evaluator.Run(model, loader);

        string accuracy = result.Accuracy.ToString("F4", CultureInfo.InvariantCulture);
        string loss = result.Loss.ToString("F4", CultureInfo.InvariantCulture);
        reporter.Result($"Test accuracy: {accuracy} ({result.Correct}/{result.Count} correct), test loss {loss}; {path} (epoch {info.Epoch})");
        return 0;
    }
}
