using Autograd.Nn;
using Autograd.Nn.Config;

namespace Autograd.Cli.Training;

/// <summary>What a checkpoint says about the run besides its tensors.</summary>
internal sealed record CheckpointInfo(int Epoch, long GlobalStep, TrainingConfig Config);

/// <summary>
/// The run's use of <see cref="TrainingCheckpoint"/>: the model's state dict, the optimizer's and scheduler's state, the epoch, the
/// step, the shuffling generator's position and the config as YAML, so a resumed run continues exactly and
/// <c>eval</c> can rebuild the model from the file alone.
/// </summary>
internal static class Checkpointing
{
    public static void Save(string path, Sequential model, Optimizer optimizer, LrScheduler scheduler, Generator generator, int epoch, long globalStep,
        TrainingConfig config)
    {
        var state = optimizer.SaveState();
        try
        {
            new TrainingCheckpoint
            {
                Weights = model.StateDict(),
                Optimizer = state,
                Scheduler = scheduler.SaveState(),
                Epoch = epoch,
                Step = globalStep,
                Generator = GeneratorState.Of(generator),
                Config = config.ToYaml(),
            }.Save(path);
        }
        finally
        {
            foreach (var p in state.Parameters)
                foreach (var buffer in p.Buffers.Values) buffer.Dispose();
        }
    }

    /// <summary>The epoch, step and config saved in a checkpoint (for <c>eval</c>, which builds the model from it).</summary>
    public static CheckpointInfo ReadInfo(string path) => Info(TrainingCheckpoint.Load(path), path);

    /// <summary>
    /// Loads the weights into <paramref name="model"/> and, when given, the optimizer's and scheduler's state and the
    /// generator's position (a checkpoint without scheduler state leaves the scheduler as it is).
    /// </summary>
    /// <param name="beforeRestore">Called with what the checkpoint says about its run before anything is restored, so a
    /// resume can refuse a checkpoint whose config does not fit its own with a message naming the keys; it may throw.</param>
    /// <exception cref="InvalidDataException">The file is not a valid training checkpoint or does not fit the model.</exception>
    public static CheckpointInfo Load(string path, Sequential model, Device device, Optimizer? optimizer = null, LrScheduler? scheduler = null,
        Generator? generator = null, Action<CheckpointInfo>? beforeRestore = null)
    {
        var checkpoint = TrainingCheckpoint.Load(path, device);
        var info = Info(checkpoint, path);
        beforeRestore?.Invoke(info);
        try
        {
            if (optimizer is null) model.LoadStateDict(checkpoint.Weights);
            else checkpoint.Restore(model.StateDict(), optimizer, checkpoint.Scheduler is null ? null : scheduler, generator);
        }
        catch (Exception e) when (e is ArgumentException or StateDictMismatchException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        return info;
    }

    private static CheckpointInfo Info(TrainingCheckpoint checkpoint, string path) =>
        new(checkpoint.Epoch, checkpoint.Step, ConfigLoader.Parse(checkpoint.Config, $"{Path.GetFileName(path)} (saved config)"));
}
