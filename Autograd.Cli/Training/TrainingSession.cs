using System.Diagnostics;
using System.Globalization;
using Autograd.Cli.Runs;
using Autograd.Nn;
using Autograd.Nn.Config;
using Autograd.Nn.Data;

namespace Autograd.Cli.Training;

/// <summary>
/// One training run: epochs of accumulated optimizer steps under a progress bar, evaluation, and after every epoch
/// a checkpoint, the metrics files, the plot and MCAN's log. Resumes from a checkpoint; stops cleanly on Ctrl-C
/// (keeping the last completed epoch's checkpoint) and on a non-finite loss (naming the step). The steps themselves
/// are <see cref="ParallelTraining"/>'s: one device, several devices, or one rank of an MPI job, where only rank 0
/// writes files.
/// </summary>
internal sealed class TrainingSession
{
    /// <summary>Exit code after Ctrl-C, as shells report an interrupted program.</summary>
    public const int Interrupted = 130;

    private readonly TrainingConfig _config;
    private readonly Dataset _train;
    private readonly Device _device;
    private readonly ConsoleReporter _reporter;
    private readonly RunFolder _run;
    private readonly RunLog _log;
    private readonly Sequential _model;
    private readonly Optimizer _optimizer;
    private readonly LrScheduler _scheduler;
    private readonly ParallelTraining _training;
    private readonly bool _overwrite;
    private MetricsLog _metrics = new();
    private long _globalStep;
    private long _activationPeak;

    /// <param name="parallel">Several devices or an MPI group to train over; null trains on <paramref name="device"/> alone.</param>
    /// <param name="overwrite">Start a new run over an existing one of the same VERSION, deleting its checkpoints and metrics first.</param>
    public TrainingSession(TrainingConfig config, Dataset train, Dataset test, Device device, ConsoleReporter reporter, ParallelSetup? parallel = null,
        bool overwrite = false)
    {
        _overwrite = overwrite;
        _config = config;
        _train = train;
        _device = device;
        _reporter = reporter;
        _run = new RunFolder(config, config.Version!);
        _training = ParallelTraining.Create(config, train, test, new Generator((ulong)config.Seed), parallel ?? new ParallelSetup([device]));
        _log = new RunLog(_run.LogFile, enabled: _training.IsWriter);
        _model = _training.Model;
        _optimizer = _training.Optimizer;
        _scheduler = config.CreateScheduler(_optimizer);
    }

    private bool Writes => _training.IsWriter;

    public int Run(CancellationToken stop)
    {
        if (Writes && !_config.Resume) ClaimRunFolder();
        if (Writes)
        {
            _run.Create();
            foreach (string leftover in _run.DeleteLeftovers())
                _reporter.Warning($"Deleted {leftover}, the temporary file of a save that an earlier, killed run did not finish.");
        }
        int firstEpoch = _config.Resume ? Resume() : StartFresh();
        _reporter.Info($"Run '{_run.Version}': {_config.Model} with {_model.ParameterCount():N0} parameters on {_device.Name}; " +
                       $"{_train.Count} training samples, batch {_config.BatchSize} in {_config.GradAccuSteps} micro-batch(es); files in {_run.Root}");
        if (_training.Description is { } description) _reporter.Info(description);

        long trainingPeak = 0;
        Evaluation? last = null;
        for (int epoch = firstEpoch; epoch <= _config.MaxEpoch; epoch++)
        {
            _scheduler.Step(epoch - 1);
            var clock = Stopwatch.StartNew();
            _device.ResetPeak();
            var outcome = _reporter.Epoch(epoch, _config.MaxEpoch, _training.BatchCount, report => TrainEpoch(report, stop));
            if (outcome.Stop != StopReason.None) return Stopped(epoch, outcome);

            double seconds = clock.Elapsed.TotalSeconds;
            trainingPeak = Math.Max(trainingPeak, _device.PeakBytes);
            last = _config.EvalEveryEpoch || epoch == _config.MaxEpoch ? _training.Evaluate() : null;
            var metrics = new EpochMetrics(epoch, outcome.MeanLoss, last?.Loss, last?.Accuracy, _optimizer.LearningRate, seconds,
                outcome.Samples / Math.Max(seconds, 1e-9));
            _metrics.Add(metrics);
            if (Writes) SaveEpoch(epoch, metrics);
            _reporter.EpochDone(metrics);
        }

        last ??= _training.Evaluate();
        string peak = $"peak tensor memory while training on {_device.Name}: {trainingPeak / 1e6:F2} MB (model, optimizer state, batch and activations)" +
                      (_activationPeak > 0 ? $", of which activations of one micro-batch: {_activationPeak / 1e6:F2} MB" : "");
        _log.Note($"Finished: test accuracy {F(last.Accuracy)} ({last.Correct}/{last.Count}); {peak}");
        _reporter.Info(char.ToUpperInvariant(peak[0]) + peak[1..]);
        if (_training.CommunicationSummary is { } communication)
        {
            _log.Note(communication);
            _reporter.Info(communication);
        }
        _reporter.Result($"Test accuracy: {F(last.Accuracy)} ({last.Correct}/{last.Count} correct) after {Epochs(_config.MaxEpoch)}; run files in {_run.Root}");
        return 0;
    }

    /// <summary>
    /// Writes the epoch's metrics, plot and log line, then its checkpoint. In this order a run killed in between leaves
    /// metrics one epoch ahead of the latest checkpoint, which a resume cuts back; the other order would leave a
    /// checkpoint whose epoch the metrics never recorded.
    /// </summary>
    private void SaveEpoch(int epoch, EpochMetrics metrics)
    {
        _metrics.Save(_run.MetricsCsv, _run.MetricsJson);
        CurvePlot.Save(_metrics.Epochs, _run.Plot, $"{_run.Version}: {_config.Model} on {_config.Dataset}");
        _log.Epoch(metrics);
        Checkpointing.Save(_run.Checkpoint(epoch), _model, _optimizer, _scheduler, _training.ShuffleGenerator, epoch, _globalStep, _config);
    }

    /// <summary>
    /// A new run never mixes with an earlier run of the same VERSION: with its checkpoints still there, it is refused
    /// (so they are not overwritten one epoch at a time, nor picked up by a later resume) unless --overwrite asks to
    /// start over, which deletes them and the metrics first.
    /// </summary>
    /// <exception cref="ConfigException">The run exists and --overwrite was not given; the message says how to continue or start over.</exception>
    private void ClaimRunFolder()
    {
        if (_run.LatestCheckpointEpoch() is not { } existing) return;
        if (!_overwrite)
            throw new ConfigException(_config.LocationOf("VERSION") ?? new ConfigLocation("VERSION", 0, 0),
                $"run '{_run.Version}' already has checkpoints up to epoch {existing} in {_run.CheckpointFolder}. " +
                $"Continue it with --set RESUME=true --set CKPT_VERSION={_run.Version}, start it over with --overwrite " +
                "(deletes its checkpoints and metrics), or give the new run another VERSION", "VERSION");
        _run.DeleteResults();
        _reporter.Warning($"--overwrite: deleted run '{_run.Version}''s checkpoints (up to epoch {existing}) and metrics; starting it over.");
    }

    private int StartFresh()
    {
        _log.Started(_config, "Training started");
        return 1;
    }

    /// <summary>
    /// Loads CKPT_EPOCH's checkpoint (the latest when unset) of run CKPT_VERSION and returns the next epoch. Config keys
    /// that differ from the checkpoint's are applied, kept or refused as <see cref="ResumeChanges"/> says, and reported;
    /// checkpoints of later epochs (an earlier epoch is being resumed) are set aside so no later resume mixes the two.
    /// </summary>
    private int Resume()
    {
        int epoch = _config.CkptEpoch ?? _run.LatestCheckpointEpoch()
            ?? throw new FileNotFoundException($"RESUME: run '{_run.Version}' has no checkpoint in {_run.CheckpointFolder}.");
        string path = _run.Checkpoint(epoch);
        if (!File.Exists(path)) throw new FileNotFoundException($"RESUME: checkpoint {path} does not exist.");
        IReadOnlyList<ResumeChange> changes = [];
        var info = Checkpointing.Load(path, _model, _device, _optimizer, _scheduler, _training.ShuffleGenerator, beforeRestore: saved =>
        {
            if (saved.Epoch != epoch) throw new InvalidDataException($"RESUME: {path} holds epoch {saved.Epoch}, not {epoch}; it was renamed or copied from another run.");
            changes = ResumeChanges.Apply(saved.Config, _config, path, epoch);
        });
        // The checkpoint restores its own base rate; a changed LR_BASE replaces it so the schedule continues from the new one.
        if (_scheduler.BaseLearningRate != _config.LrBase)
        {
            _optimizer.InitialLearningRate = _config.LrBase;
            _scheduler.LoadState(_scheduler.SaveState() with { BaseLearningRate = _config.LrBase });
        }
        _globalStep = info.GlobalStep;
        _training.AfterRestore();
        _metrics = MetricsLog.Load(_run.MetricsJson);
        _metrics.TruncateAfter(epoch);
        var recorded = _metrics.Epochs.Select(m => m.Epoch).ToArray();
        if (recorded.Length > 0 && !recorded.SequenceEqual(Enumerable.Range(1, epoch)))
            throw new InvalidDataException($"RESUME: {_run.MetricsJson} records epochs [{string.Join(", ", recorded)}] up to the checkpoint's epoch {epoch}, " +
                                           "not each of 1 to it once, so the run folder mixes runs. Move the metrics files aside to resume without " +
                                           "their records, or start a new run with another VERSION.");
        if (recorded.Length == 0 && epoch > 0)
            _reporter.Warning($"{_run.MetricsJson} has no record of epochs 1 to {epoch}; the metrics and plot start at epoch {epoch + 1}.");
        if (Writes) SetAsideLaterCheckpoints(epoch);
        _log.Started(_config, $"Resumed from epoch {epoch} ({path})");
        foreach (var change in changes)
        {
            _log.Note($"Resume: {change.Message}");
            if (change.Ignored) _reporter.Warning(change.Message);
            else _reporter.Info(change.Message);
        }
        _reporter.Info($"Resumed run '{_run.Version}' from epoch {epoch}.");
        return epoch + 1;
    }

    private void SetAsideLaterCheckpoints(int epoch)
    {
        var later = _run.CheckpointEpochs().Where(e => e > epoch).ToArray();
        if (later.Length == 0) return;
        string folder = _run.SetAside(later);
        _reporter.Warning($"Resuming epoch {epoch} supersedes the checkpoints of epochs {string.Join(", ", later)}; they and the metrics " +
                          $"as they were are kept in {folder}.");
    }

    private enum StopReason { None, Interrupted, NonFiniteLoss }

    private readonly record struct EpochOutcome(double MeanLoss, int Samples, StopReason Stop = StopReason.None, int Step = 0, double BadLoss = 0);

    private EpochOutcome TrainEpoch(Action<StepReport> report, CancellationToken stop)
    {
        _model.Train();
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        int samples = 0, step = 0;
        foreach (var batch in _training.Batches())
        {
            using (batch)
            {
                if (stop.IsCancellationRequested) return new EpochOutcome(0, samples, StopReason.Interrupted, step);
                var result = _training.Step(batch);
                double loss = result.Loss;
                _activationPeak = Math.Max(_activationPeak, result.ActivationBytes);
                _globalStep++;
                step++;
                if (!double.IsFinite(loss)) return new EpochOutcome(0, samples, StopReason.NonFiniteLoss, step, loss);
                lossSum += loss * batch.GlobalSize;
                samples += batch.GlobalSize;
                report(new StepReport(step, _training.BatchCount, lossSum / samples, _optimizer.LearningRate, samples / clock.Elapsed.TotalSeconds));
            }
        }
        return new EpochOutcome(lossSum / Math.Max(samples, 1), samples);
    }

    private int Stopped(int epoch, EpochOutcome outcome)
    {
        string kept = epoch > 1 && File.Exists(_run.Checkpoint(epoch - 1))
            ? $"the last good checkpoint is {_run.Checkpoint(epoch - 1)}; continue with --set RESUME=true --set CKPT_VERSION={_run.Version} --set CKPT_EPOCH={epoch - 1}"
            : "no epoch was completed, so there is no checkpoint";
        if (outcome.Stop == StopReason.Interrupted)
        {
            _log.Note($"Interrupted during epoch {epoch}; {kept}");
            _reporter.Warning($"Interrupted during epoch {epoch}; its partial progress is discarded and {kept}.");
            return Interrupted;
        }
        string message = $"The loss became {F(outcome.BadLoss)} at epoch {epoch}, step {outcome.Step} (optimizer step {_globalStep} of the run); training stopped. " +
                         $"Try a lower LR_BASE or a GRAD_NORM_CLIP; {kept}.";
        _log.Note(message);
        _reporter.Error(message);
        return 1;
    }

    private static string Epochs(int count) => count == 1 ? "1 epoch" : $"{count} epochs";

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
