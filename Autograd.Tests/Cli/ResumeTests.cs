using Autograd.Cli.Commands;
using Autograd.Cli.Runs;
using Autograd.Cli.Training;
using Autograd.Nn.Config;

namespace Autograd.Tests.Cli;

/// <summary>What a resumed run does with a changed config, with later checkpoints, and with what a killed run left behind.</summary>
public class ResumeTests : CliFixture
{
    private const string Small = "MLP_HIDDEN=[16]";
    private int Train(params string[] overrides) => RunTrain([Small, .. overrides]);

    private RunFolder Run(string version) => new(TrainCommand.LoadConfig(null, [$"OUTPUT_PATH={Folder}"]), version);

    [Test]
    public void ResumeWithAnotherModelIsRefusedNamingEveryKeyAndChangesNothing()
    {
        Assert.That(Train("MAX_EPOCH=1", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        byte[] checkpoint = File.ReadAllBytes(run.Checkpoint(1)), metrics = File.ReadAllBytes(run.MetricsJson);

        var e = Assert.Throws<ConfigException>(() => Train("MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=v", "MLP_HIDDEN=[32]", "OPTIMIZER=sgd"))!;
        Assert.That(e.Message, Does.StartWith("--set MLP_HIDDEN=[32]: RESUME:")
            .And.Contain("was trained with MLP_HIDDEN [16], OPTIMIZER 'adam', but this run has MLP_HIDDEN [32], OPTIMIZER 'sgd'"));
        Assert.That(File.ReadAllBytes(run.Checkpoint(1)), Is.EqualTo(checkpoint));
        Assert.That(File.ReadAllBytes(run.MetricsJson), Is.EqualTo(metrics));
    }

    [Test]
    public void ANewLrBaseOnResumeTakesEffectFromTheNextEpoch()
    {
        Assert.That(Train("MAX_EPOCH=1", "VERSION=v", "LR_BASE=0.001"), Is.EqualTo(0), Output.ToString());
        Assert.That(Train("MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=v", "LR_BASE=0.0005"), Is.EqualTo(0), Output.ToString());

        var epochs = MetricsLog.Load(Run("v").MetricsJson).Epochs;
        Assert.That(epochs.Select(m => m.LearningRate), Is.EqualTo(new[] { 0.001, 0.0005 }));
        Assert.That(Output.ToString(), Does.Contain("LR_BASE: 0.001 in the checkpoint, 0.0005 now; takes effect from epoch 2"));
        Assert.That(Checkpointing.ReadInfo(Run("v").Checkpoint(2)).Config.LrBase, Is.EqualTo(0.0005));
    }

    [Test]
    public void ANewSeedOnResumeIsIgnoredWithAWarningAndTheCheckpointsSeedIsRecorded()
    {
        Assert.That(Train("MAX_EPOCH=1", "VERSION=v", "SEED=1"), Is.EqualTo(0), Output.ToString());
        Assert.That(Train("MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=v", "SEED=2"), Is.EqualTo(0), Output.ToString());

        Assert.That(Output.ToString(), Does.Contain("SEED: 1 in the checkpoint, 2 now; ignored (the random generator continues from the checkpoint's position), so it stays 1"));
        Assert.That(Checkpointing.ReadInfo(Run("v").Checkpoint(2)).Config.Seed, Is.EqualTo(1));
        Assert.That(File.ReadAllText(Run("v").LogFile), Does.Contain("Resume: SEED: 1 in the checkpoint, 2 now"));
    }

    [Test]
    public void ResumingAnEarlierEpochSetsTheLaterCheckpointsAsideWithTheMetricsAsTheyWere()
    {
        Assert.That(Train("MAX_EPOCH=3", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        byte[] third = File.ReadAllBytes(run.Checkpoint(3)), metrics = File.ReadAllBytes(run.MetricsJson);

        Assert.That(Train("MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=v", "CKPT_EPOCH=1"), Is.EqualTo(0), Output.ToString());

        Assert.That(run.CheckpointEpochs(), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(MetricsLog.Load(run.MetricsJson).Epochs.Select(m => m.Epoch), Is.EqualTo(new[] { 1, 2 }));
        var aside = Directory.GetDirectories(run.CheckpointFolder, "superseded-*").Single();
        Assert.That(File.ReadAllBytes(Path.Combine(aside, "epoch3.ckpt")), Is.EqualTo(third));
        Assert.That(File.Exists(Path.Combine(aside, "epoch2.ckpt")), Is.True);
        Assert.That(File.ReadAllBytes(Path.Combine(aside, Path.GetFileName(run.MetricsJson))), Is.EqualTo(metrics));
        Assert.That(Output.ToString(), Does.Contain("Resuming epoch 1 supersedes the checkpoints of epochs 2, 3"));
    }

    [Test]
    public void ARunKilledAfterItsMetricsButBeforeItsCheckpointResumesFromTheCheckpointBefore()
    {
        Assert.That(Train("MAX_EPOCH=2", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        File.Delete(run.Checkpoint(2));

        Assert.That(Train("MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=v"), Is.EqualTo(0), Output.ToString());
        Assert.That(Output.ToString(), Does.Contain("Resumed run 'v' from epoch 1."));
        Assert.That(MetricsLog.Load(run.MetricsJson).Epochs.Select(m => m.Epoch), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void TemporaryFilesOfAKilledSaveAreDeletedByTheNextRunAndNothingElseIs()
    {
        Assert.That(Train("MAX_EPOCH=1", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        string leftover = Path.Combine(run.CheckpointFolder, $".epoch2.ckpt.{Guid.NewGuid():N}.tmp");
        string plotLeftover = Path.Combine(run.Root, $".{Path.GetFileName(run.Plot)}.{Guid.NewGuid():N}.tmp.png");
        string usersFile = Path.Combine(run.CheckpointFolder, ".notes.tmp");
        foreach (string file in new[] { leftover, plotLeftover, usersFile }) File.WriteAllText(file, "x");

        Assert.That(Train("MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=v"), Is.EqualTo(0), Output.ToString());
        Assert.That(File.Exists(leftover) || File.Exists(plotLeftover), Is.False);
        Assert.That(File.Exists(usersFile), Is.True);
        Assert.That(Output.ToString(), Does.Contain($"Deleted {leftover}"));
    }

    [Test]
    public void ADamagedMetricsFileStopsTheResumeNamingItAndIsLeftAsItIs()
    {
        Assert.That(Train("MAX_EPOCH=1", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        string damaged = File.ReadAllText(run.MetricsJson)[..20];
        File.WriteAllText(run.MetricsJson, damaged);

        var e = Assert.Throws<InvalidDataException>(() => Train("MAX_EPOCH=2", "RESUME=true", "CKPT_VERSION=v"))!;
        Assert.That(e.Message, Does.StartWith($"{run.MetricsJson} is damaged"));
        Assert.That(File.ReadAllText(run.MetricsJson), Is.EqualTo(damaged));
        Assert.That(run.CheckpointEpochs(), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void CheckpointNamesWithAnEpochTooLargeForAnIntAreNotCheckpoints()
    {
        Assert.That(Train("MAX_EPOCH=1", "VERSION=v"), Is.EqualTo(0), Output.ToString());
        var run = Run("v");
        File.WriteAllText(Path.Combine(run.CheckpointFolder, "epoch99999999999.ckpt"), "x");
        Assert.That(run.LatestCheckpointEpoch(), Is.EqualTo(1));
    }
}
