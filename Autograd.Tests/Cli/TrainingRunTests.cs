using Autograd.Cli;
using Autograd.Cli.Commands;
using Autograd.Cli.Runs;
using Autograd.Cli.Training;
using Autograd.Nn;
using Autograd.Nn.Data;

namespace Autograd.Tests.Cli;

public class TrainingRunTests : CliFixture
{
    private int Train(params string[] overrides) => RunTrain(overrides);

    private int TrainOverwriting(params string[] overrides) => RunTrain(overrides, overwrite: true);

    private RunFolder Run(string version) => new(TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}"]), version);

    private string LastLine => Output.ToString().TrimEnd().Split('\n')[^1];

    [Test]
    public void DefaultConfigTrainsTheDigitsMlpAndWritesEveryRunFile()
    {
        int exit = Train("MAX_EPOCH=2", "VERSION=v");
        var run = new RunFolder(TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}"]), "v");
        Assert.That(exit, Is.EqualTo(0), Output.ToString());
        Assert.That(LastLine, Does.StartWith("Test accuracy: 0.9"));
        Assert.That(Output.ToString(), Does.Contain("epoch 2: train loss"));
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(run.LogFile), Does.Contain("GRAD_ACCU_STEPS: 4").And.Contain("epoch = 2"));
            Assert.That(File.ReadAllLines(run.MetricsCsv), Has.Length.EqualTo(3));
            Assert.That(File.Exists(run.MetricsJson) && File.Exists(run.Plot), Is.True);
            Assert.That(run.LatestCheckpointEpoch(), Is.EqualTo(2));
        });
    }

    [Test]
    public void ResumingAfterOneEpochEndsExactlyWhereAStraightTwoEpochRunEnds()
    {
        Assert.That(Train("MAX_EPOCH=2", "VERSION=straight"), Is.EqualTo(0), Output.ToString());
        Assert.That(Train("MAX_EPOCH=1", "VERSION=split"), Is.EqualTo(0), Output.ToString());
        Assert.That(Train("MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=split"), Is.EqualTo(0), Output.ToString());

        var config = TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}"]);
        var straight = MetricsLog.Load(new RunFolder(config, "straight").MetricsJson).Epochs;
        var split = MetricsLog.Load(new RunFolder(config, "split").MetricsJson).Epochs;
        Assert.That(split, Has.Count.EqualTo(2));
        Assert.That(split.Select(e => (e.Epoch, e.TrainLoss, e.TestLoss)), Is.EqualTo(straight.Select(e => (e.Epoch, e.TrainLoss, e.TestLoss))));
    }

    [Test]
    public void ResumingAcrossADecayBoundaryEndsExactlyWhereAStraightRunEnds()
    {
        string[] schedule = ["LR_DECAY_LIST=[1]", "LR_DECAY_R=0.1", "MLP_HIDDEN=[16]"];
        Assert.That(Train([.. schedule, "MAX_EPOCH=2", "VERSION=straight"]), Is.EqualTo(0), Output.ToString());
        Assert.That(Train([.. schedule, "MAX_EPOCH=1", "VERSION=split"]), Is.EqualTo(0), Output.ToString());
        Assert.That(Train([.. schedule, "MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=split"]), Is.EqualTo(0), Output.ToString());

        var straight = MetricsLog.Load(Run("straight").MetricsJson).Epochs;
        var split = MetricsLog.Load(Run("split").MetricsJson).Epochs;
        Assert.That(straight.Select(e => e.LearningRate), Is.EqualTo(new[] { 0.003, 0.003 * 0.1 }), "LR_DECAY_LIST [1] decays from the second epoch");
        Assert.That(split.Select(e => (e.Epoch, e.LearningRate, e.TrainLoss, e.TestLoss)),
            Is.EqualTo(straight.Select(e => (e.Epoch, e.LearningRate, e.TrainLoss, e.TestLoss))));
        var saved = TrainingCheckpoint.Load(Run("split").Checkpoint(2)).Scheduler;
        Assert.That(saved, Is.EqualTo(new LrSchedulerState("MultiStepLR", 1, 0.003)));
    }

    [Test]
    public void EvalOfTheLastCheckpointReportsTheSameAccuracyAsTraining()
    {
        Train("MAX_EPOCH=2", "VERSION=v");
        string trained = LastLine;
        var run = new RunFolder(TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}"]), "v");
        int exit = EvalCommand.Run(CommandLine.Parse(["eval", "--ckpt", run.Checkpoint(2)]), Terminal);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(LastLine[..LastLine.IndexOf(')')], Is.EqualTo(trained[..trained.IndexOf(')')]));
    }

    [Test]
    public void CtrlCStopsWithoutWritingAPartialEpoch()
    {
        var config = TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}", "VERSION=v"]);
        var (train, test) = Digits.Load();
        var session = new TrainingSession(config, train, test, Tensor.DefaultDevice, new ConsoleReporter(Terminal));
        int exit = session.Run(new CancellationToken(canceled: true));
        Assert.That(exit, Is.EqualTo(TrainingSession.Interrupted));
        Assert.That(new RunFolder(config, "v").LatestCheckpointEpoch(), Is.Null);
        Assert.That(Output.ToString(), Does.Contain("Interrupted during epoch 1"));
    }

    [Test]
    public void NonFiniteLossStopsTheRunNamingTheStep()
    {
        var config = TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}", "VERSION=v", "BATCH_SIZE=4"]);
        var (train, test) = Digits.Load();
        var features = Enumerable.Range(0, 12 * 64).Select(i => i == 9 * 64 ? float.NaN : 0.5f).ToArray();
        var poisoned = new Dataset(features, new int[12], [1, 8, 8], 10, "poisoned");
        var session = new TrainingSession(config, poisoned, test, Tensor.DefaultDevice, new ConsoleReporter(Terminal));
        int exit = session.Run(CancellationToken.None);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(Output.ToString(), Does.Match(@"The loss became NaN at epoch 1, step \d"));
    }

    [Test]
    public void RerunningAFixedVersionWithoutResumeIsRefusedAndLeavesTheEarlierRunUntouched()
    {
        Assert.That(Train("MAX_EPOCH=1", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        byte[] checkpoint = File.ReadAllBytes(run.Checkpoint(1)), metrics = File.ReadAllBytes(run.MetricsJson);

        var e = Assert.Throws<Autograd.Nn.Config.ConfigException>(() => Train("MAX_EPOCH=2", "VERSION=v"))!;
        Assert.That(e.Message, Does.StartWith("--set VERSION=v: run 'v' already has checkpoints up to epoch 1")
            .And.Contain("--set RESUME=true --set CKPT_VERSION=v").And.Contain("--overwrite"));
        Assert.That(File.ReadAllBytes(run.Checkpoint(1)), Is.EqualTo(checkpoint));
        Assert.That(File.ReadAllBytes(run.MetricsJson), Is.EqualTo(metrics));
        Assert.That(run.LatestCheckpointEpoch(), Is.EqualTo(1));
    }

    [Test]
    public void OverwriteStartsTheRunOverWithoutTheEarlierCheckpointsOrMetrics()
    {
        Assert.That(Train("MAX_EPOCH=2", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        Assert.That(TrainOverwriting("MAX_EPOCH=1", "VERSION=v", "SEED=1"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        Assert.That(run.LatestCheckpointEpoch(), Is.EqualTo(1));
        Assert.That(File.Exists(run.Checkpoint(2)), Is.False);
        Assert.That(MetricsLog.Load(run.MetricsJson).Epochs.Select(m => m.Epoch), Is.EqualTo(new[] { 1 }));
        Assert.That(Checkpointing.ReadInfo(run.Checkpoint(1)).Config.Seed, Is.EqualTo(1));
        Assert.That(Output.ToString(), Does.Contain("--overwrite: deleted run 'v''s checkpoints (up to epoch 2)"));
    }

    [Test]
    public void ResumeRefusesMetricsThatDoNotLeadUpToTheCheckpoint()
    {
        Assert.That(Train("MAX_EPOCH=2", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        var log = MetricsLog.Load(run.MetricsJson);
        var mixed = new MetricsLog();
        mixed.Add(log.Epochs[1]);
        mixed.Save(run.MetricsCsv, run.MetricsJson);
        var e = Assert.Throws<InvalidDataException>(() => Train("MAX_EPOCH=3", "RESUME=true", "CKPT_VERSION=v"))!;
        Assert.That(e.Message, Does.Contain("records epochs [2] up to the checkpoint's epoch 2"));
        Assert.That(run.LatestCheckpointEpoch(), Is.EqualTo(2));
    }

    [Test]
    public void DefaultRunNamesNeverReuseAnExistingRun()
    {
        var config = TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}"]);
        string first = RunFolder.NewVersion(config);
        Directory.CreateDirectory(Path.Combine(Folder, first));
        Assert.That(RunFolder.NewVersion(config), Is.Not.EqualTo(first));
    }

    [Test]
    public void OneEpochIsReportedInTheSingular()
    {
        Assert.That(Train("MAX_EPOCH=1", "VERSION=v", "MLP_HIDDEN=[8]"), Is.EqualTo(0), Output.ToString());
        Assert.That(LastLine, Does.Contain("after 1 epoch;"));
    }

    [Test]
    public void AFolderGivenAsTheConfigOrTheCheckpointIsCalledAFolder()
    {
        var train = Assert.Throws<FileNotFoundException>(() => TrainCommand.Run(CommandLine.Parse(["train", Folder]), Terminal, CancellationToken.None))!;
        Assert.That(train.Message, Does.Contain($"'{Folder}' is a folder").And.Not.Contain("does not exist"));
        var eval = Assert.Throws<FileNotFoundException>(() => EvalCommand.Run(CommandLine.Parse(["eval", "--ckpt", Folder]), Terminal))!;
        Assert.That(eval.Message, Does.Contain($"'{Folder}' is a folder").And.Not.Contain("does not exist"));
    }

    [Test]
    public void UnknownDeviceFromSetIsOneMessageNamingTheSet()
    {
        var e = Assert.Throws<Autograd.Nn.Config.ConfigException>(() => Train("DEVICE=bogus"))!;
        Assert.That(e.Message, Does.StartWith("--set DEVICE=bogus: Unknown device 'bogus'."));
        Assert.That(e.Message.Split("bogus"), Has.Length.EqualTo(3), "the source and the problem each name it once");
    }

    [Test]
    public void AConfiguredDataDirThatDoesNotExistIsAnErrorNamingIt()
    {
        string missing = Path.Combine(Folder, "no-such-folder");
        var e = Assert.Throws<Autograd.Nn.Config.ConfigException>(() => Train("DATASET=fashion-mnist", $"DATA_DIR={missing}"))!;
        Assert.That(e.Message, Does.StartWith($"--set DATA_DIR={missing}: DATA_DIR '{missing}' does not exist"));
    }

    /// <summary>
    /// A console output that calls <paramref name="onEpochOneDone"/> once, as soon as epoch 1's summary is written: after
    /// its checkpoint is saved and before epoch 2 takes its first step.
    /// </summary>
    private sealed class EpochOneWatcher(Action onEpochOneDone) : StringWriter
    {
        private bool _seen;

        public override void Write(string? value)
        {
            base.Write(value);
            if (_seen || !ToString().Contains("epoch 1: train loss", StringComparison.Ordinal)) return;
            _seen = true;
            onEpochOneDone();
        }
    }

    /// <summary>Trains VERSION v for two epochs, calling <paramref name="onEpochOneDone"/> between them; returns the exit code and epoch 1's checkpoint as it was then.</summary>
    private (int Exit, byte[] EpochOne) TrainTwoEpochs(string[] overrides, Action onEpochOneDone, CancellationToken stop)
    {
        var config = TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}", "VERSION=v", "MAX_EPOCH=2", "MLP_HIDDEN=[16]", .. overrides]);
        var run = new RunFolder(config, "v");
        byte[] epochOne = [];
        WriteTo(new EpochOneWatcher(() =>
        {
            epochOne = File.ReadAllBytes(run.Checkpoint(1));
            onEpochOneDone();
        }));
        var (train, test) = Digits.Load();
        int exit = new TrainingSession(config, train, test, Tensor.DefaultDevice, new ConsoleReporter(Terminal)).Run(stop);
        return (exit, epochOne);
    }

    private const string ResumeFromEpochOne = "continue with --set RESUME=true --set CKPT_VERSION=v --set CKPT_EPOCH=1";

    [Test]
    public void CtrlCDuringEpochTwoKeepsEpochOnesCheckpointUnchangedAndSaysHowToResume()
    {
        using var stop = new CancellationTokenSource();
        var (exit, epochOne) = TrainTwoEpochs([], stop.Cancel, stop.Token);

        var run = Run("v");
        Assert.That(exit, Is.EqualTo(TrainingSession.Interrupted), Output.ToString());
        Assert.That(epochOne, Is.Not.Empty);
        Assert.That(File.ReadAllBytes(run.Checkpoint(1)), Is.EqualTo(epochOne));
        Assert.That(run.LatestCheckpointEpoch(), Is.EqualTo(1));
        Assert.That(Output.ToString(), Does.Contain("Interrupted during epoch 2").And.Contain(ResumeFromEpochOne));
    }

    [Test]
    public void NonFiniteLossInEpochTwoKeepsEpochOnesCheckpointUnchangedAndNamesTheStep()
    {
        // LR_DECAY_LIST [1] multiplies the rate by 1e300 from the second epoch on, so its loss overflows within a few steps.
        var (exit, epochOne) = TrainTwoEpochs(["LR_DECAY_LIST=[1]", "LR_DECAY_R=1e300"], () => { }, CancellationToken.None);

        var run = Run("v");
        Assert.That(exit, Is.EqualTo(1), Output.ToString());
        Assert.That(File.ReadAllBytes(run.Checkpoint(1)), Is.EqualTo(epochOne));
        Assert.That(run.LatestCheckpointEpoch(), Is.EqualTo(1));
        Assert.That(Output.ToString(), Does.Match(@"The loss became (NaN|-?Infinity|-?∞) at epoch 2, step \d+ \(optimizer step \d+ of the run\)")
            .And.Contain(ResumeFromEpochOne));
    }

    [Test]
    public void UnknownDeviceIsAConfigErrorListingTheAvailableOnes()
    {
        var e = Assert.Throws<Autograd.Nn.Config.ConfigException>(() => Train("DEVICE=tpu"))!;
        Assert.That(e.Message, Does.Contain("tpu").And.Contain("cpu"));
    }
}
